import type { Client, Subscription } from 'aedes';
import type { BrokerContext } from '../context.ts';
import { describe, identityOf } from '../identity.ts';
import type { RefusalReason } from '../metrics.ts';
import { DROP_TOPIC } from './drop.ts';
import { maySubscribe, topicDepth } from './rules.ts';

type Callback = (error: Error | null, subscription?: Subscription | null) => void;

const RESERVED = DROP_TOPIC.slice(0, DROP_TOPIC.indexOf('/') + 1);

/**
 * aedes `authorizeSubscribe`. A refused filter is answered with a null subscription, which aedes turns
 * into return code 0x80 in the SUBACK; the connection stays open (MQTT 3.1.1 §3.9.3). Returning an
 * error instead would make aedes close the connection. aedes also runs this when it restores a
 * persistent session, so rights withdrawn since then are not restored.
 */
export function makeAuthorizeSubscribe(ctx: BrokerContext) {
  return function authorizeSubscribe(client: Client, sub: Subscription, callback: Callback) {
    const identity = identityOf(client);
    const refuse = (reason: RefusalReason) => {
      ctx.metrics.refuse(reason);
      ctx.log.info(
        { clientId: client.id, who: describe(identity), filter: sub.topic, reason },
        'subscription refused',
      );
      callback(null, null);
    };
    if (!identity) return refuse('subscribe_acl');
    if (topicDepth(sub.topic) > ctx.config.maxTopicDepth) return refuse('topic_too_deep');
    if (sub.topic.startsWith(RESERVED) || !maySubscribe(identity, sub.topic)) return refuse('subscribe_acl');
    callback(null, sub);
  };
}
