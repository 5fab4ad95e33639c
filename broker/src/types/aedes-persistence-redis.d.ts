// aedes-persistence-redis 11 ships no types; this is the part Louyu uses.
declare module 'aedes-persistence-redis' {
  import type { Redis } from 'ioredis';
  interface RedisPersistenceOptions {
    host?: string;
    port?: number;
    username?: string;
    password?: string;
    db?: number;
    tls?: object;
    /** A connection of the caller's own, used instead of one made from the options above. */
    conn?: Redis;
    maxSessionDelivery?: number;
    packetTTL?: (packet: unknown) => number;
  }
  interface RedisPersistence {
    setup(broker: unknown): Promise<void>;
    destroy(): Promise<void>;
  }
  export default function aedesPersistenceRedis(opts?: RedisPersistenceOptions): RedisPersistence;
}
