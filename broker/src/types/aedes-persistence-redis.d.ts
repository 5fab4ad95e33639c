// aedes-persistence-redis 11 ships no types; this is the part Louyu uses.
declare module 'aedes-persistence-redis' {
  interface RedisPersistenceOptions {
    host?: string;
    port?: number;
    username?: string;
    password?: string;
    db?: number;
    tls?: object;
    maxSessionDelivery?: number;
    packetTTL?: (packet: unknown) => number;
  }
  interface RedisPersistence {
    setup(broker: unknown): Promise<void>;
    destroy(): Promise<void>;
  }
  export default function aedesPersistenceRedis(opts?: RedisPersistenceOptions): RedisPersistence;
}
