import type { Client, Subscription } from 'aedes';
import type { BrokerContext } from '../context.ts';
import { describe, identityOf } from '../identity.ts';
import type { RefusalReason } from '../metrics.ts';
import { DROP_TOPIC } from './drop.ts';
import { maySubscribe, topicDepth } from './rules.ts';

type Callback = (error: Error | null, subscription?: Subscription | null) => void;

const RESERVED = DROP_TOPIC.slice(0, DROP_TOPIC.indexOf('/') + 1);

// Shared subscriptions: `$share/{group}/{filter}` (MQTT 5, and mosquitto/EMQX for 3.1.1 clients) and
// EMQX's `$queue/{filter}`. aedes 1.2 has none: it would grant the filter as a plain topic that nobody
// publishes on, so the subscriber would get nothing while looking healthy (issue 14, item 3).
const SHARED_PREFIXES = ['$share/', '$queue/'];

/**
 * aedes `authorizeSubscribe`. A refused filter is answered with a null subscription, which aedes turns
 * into return code 0x80 in the SUBACK; the connection stays open (MQTT 3.1.1 §3.9.3). Returning an
 * error instead would make aedes close the connection. aedes also runs this when it restores a
 * persistent session, so rights withdrawn since then are not restored. Shared subscriptions are
 * refused for everyone, with a warning that says why.
 */
export function makeAuthorizeSubscribe(ctx: BrokerContext) {
  return function authorizeSubscribe(client: Client, sub: Subscription, callback: Callback) {
    const identity = identityOf(client);
    const refuse = (reason: RefusalReason, why = 'subscription refused') => {
      ctx.metrics.refuse(reason);
      ctx.log[reason === 'shared_subscription' ? 'warn' : 'info'](
        { clientId: client.id, who: describe(identity), filter: sub.topic, reason },
        why,
      );
      callback(null, null);
    };
    if (!identity) return refuse('subscribe_acl');
    if (SHARED_PREFIXES.some((prefix) => sub.topic.startsWith(prefix))) {
      return refuse(
        'shared_subscription',
        'subscription refused: this broker has no shared subscriptions ($share/, $queue/); ' +
          'split plain filters between workers instead (e.g. louyu/v1/{building}/# each)',
      );
    }
    if (topicDepth(sub.topic) > ctx.config.maxTopicDepth) return refuse('topic_too_deep');
    if (sub.topic.startsWith(RESERVED) || !maySubscribe(identity, sub.topic)) return refuse('subscribe_acl');
    callback(null, sub);
  };
}
