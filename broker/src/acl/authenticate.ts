import type { AuthenticateError, Client } from 'aedes';
import type { BrokerContext } from '../context.ts';
import type { Credential } from '../credentials/store.ts';
import { describe, setIdentity, type Identity } from '../identity.ts';
import type { RefusalReason } from '../metrics.ts';
import type { ClientOwnership } from './client-ownership.ts';
import { publishDenial } from './rules.ts';

// CONNACK return codes of MQTT 3.1.1 §3.2.2.3.
const IDENTIFIER_REJECTED = 2;
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

type Done = (error: AuthenticateError | null, success: boolean | null) => void;

/**
 * aedes `authenticate`: decides who a client is. Accounts come from the credentials source; anonymous
 * clients only in demo mode. A client whose Last Will it could not publish is refused here, at CONNECT,
 * so a will never needs checking later (aedes may publish it from another broker node). A client id
 * another account owns is refused with CONNACK 5 (client-ownership.ts), before aedes looks up its
 * session or closes the connection that holds it.
 */
export function makeAuthenticate(ctx: BrokerContext, ownership: ClientOwnership) {
  return function authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: Done,
  ) {
    const refuse = (code: number, reason: RefusalReason, message: string, details: object = {}) => {
      ctx.metrics.refuse(reason);
      ctx.log.warn({ clientId: client.id, username, reason, ...details }, 'connection refused');
      const err = new Error(message) as AuthenticateError;
      err.returnCode = code;
      done(err, false);
    };

    // 3 = server unavailable: the client should retry later, its credentials may be fine.
    const unavailable = (err: unknown, what = 'client id owner lookup failed') => {
      ctx.log.error({ err, clientId: client.id, username }, what);
      const e = new Error('server unavailable') as AuthenticateError;
      e.returnCode = SERVER_UNAVAILABLE;
      done(e, false);
    };

    const facts = ctx.connectFacts.get(client);
    if (facts?.emptyIdWithSession) {
      // [MQTT-3.1.3-8] a zero-length client id with CleanSession 0 gets CONNACK 0x02
      return refuse(IDENTIFIER_REJECTED, 'identifier_rejected', 'a persistent session needs a client id');
    }

    const admit = (identity: Identity) => {
      const will = facts?.will;
      if (will) {
        if (publishDenial(identity, will.topic) !== null) {
          return refuse(
            NOT_AUTHORIZED,
            'will_acl',
            `last will on ${will.topic} is outside this account's rights`,
          );
        }
        if (will.payload.length > ctx.config.maxPayloadBytes) {
          return refuse(NOT_AUTHORIZED, 'payload_too_large', 'last will payload is too large');
        }
      }
      // Last, so that a connection refused for anything else binds no client id.
      ownClientId(identity).then((owner) => {
        if (owner !== null) {
          return refuse(NOT_AUTHORIZED, 'client_id_owned', 'this client id belongs to another account', {
            who: describe(identity),
            owner,
          });
        }
        setIdentity(client, identity);
        ctx.rates.attach(client, identity);
        done(null, true);
      }, unavailable);
    };

    // Accounts bind the client id on first use; anonymous clients may use an id no account owns.
    // An id aedes made up (none was sent) is a random UUID nobody else knows: nothing to bind.
    const ownClientId = (identity: Identity): Promise<string | null> => {
      if (facts?.generatedId) return Promise.resolve(null);
      if (identity.role === 'anonymous') return ownership.ownerOf(client.id);
      return ownership.claim(client.id, identity.username);
    };

    if (username === undefined || username === '') {
      if (password !== undefined && password.length > 0) {
        return refuse(BAD_USERNAME_OR_PASSWORD, 'bad_credentials', 'a password without a user name');
      }
      if (!ctx.config.demo) return refuse(NOT_AUTHORIZED, 'anonymous', 'anonymous access is off (no --demo)');
      return admit({ role: 'anonymous' });
    }

    const source = ctx.credentials;
    if (!source) return refuse(BAD_USERNAME_OR_PASSWORD, 'bad_credentials', 'no accounts are configured');
    // Checked once per password and credential change (login-cache.ts); a client that has gone by the time
    // a scrypt slot is free costs no key derivation.
    ctx.logins
      .check(source, username, password ?? Buffer.alloc(0), () => !client.closed)
      .then(
        (outcome) => {
          if (outcome.ok) return admit(identityFor(outcome.credential));
          if (outcome.abandoned) {
            const gone = new Error('connection closed during authentication') as AuthenticateError;
            gone.returnCode = SERVER_UNAVAILABLE;
            return done(gone, false);
          }
          refuse(BAD_USERNAME_OR_PASSWORD, 'bad_credentials', 'bad user name or password');
        },
        (err: unknown) => unavailable(err, 'credentials lookup failed'),
      );
  };
}

function identityFor(c: Credential): Identity {
  if (c.role === 'gateway') return { role: 'gateway', username: c.username, building: c.building ?? '' };
  return { role: c.role, username: c.username };
}
