import { buildingPrefix, memoizeString, TOPIC_ROOT } from '@louyu/core';
import type { Identity } from '../identity.ts';

// The access rules of DESIGN.md "Security" as pure functions of an identity and a topic.
//   gateway  publishes and subscribes only under louyu/v1/{its building}/
//   service  subscribes anywhere; publishes only outside louyu/ (ingest and dashboard produce no telemetry)
//            and under louyu/ops/ (its own state: an ingest worker's spool, which dashboards follow)
//   admin    publishes and subscribes anywhere (operators' tools, the simulator of the all-in-one mode)
//   anonymous (demo only) reads louyu/v1/# and $SYS, uses anything outside louyu/, never publishes data
// Topics starting with `$` are the broker's own: nobody publishes there.

/** Where services publish their own state (not data; anonymous demo clients may not read it). */
const OPS_PREFIX = 'louyu/ops/';

/** Why a publish is refused; the label of the refusal counter. */
export type PublishDenial = 'read_only' | 'publish_acl';

// A gateway's prefix is checked on every message it publishes; buildings come from the accounts file.
const prefixOf = memoizeString(buildingPrefix);

/** Whether `identity` may publish on `topic` (a concrete topic, no wildcards). */
export function publishDenial(identity: Identity, topic: string): PublishDenial | null {
  if (topic.startsWith('$')) return 'read_only';
  switch (identity.role) {
    case 'gateway':
      return topic.startsWith(prefixOf(identity.building)) ? null : 'publish_acl';
    case 'admin':
      return null;
    case 'service':
      // Services report on themselves under louyu/ops/ (an ingest worker's spool state), never data.
      if (topic.startsWith(OPS_PREFIX)) return null;
      return firstLevel(topic) === 'louyu' ? 'publish_acl' : null;
    case 'anonymous':
      return firstLevel(topic) === 'louyu' ? 'publish_acl' : null;
  }
}

/** Whether `identity` may subscribe to `filter` (which may hold + and #). */
export function maySubscribe(identity: Identity, filter: string): boolean {
  switch (identity.role) {
    case 'service':
    case 'admin':
      return true;
    case 'gateway':
      // A literal prefix: `louyu/v1/+/...` or `louyu/v1/#` would reach other buildings.
      return filter.startsWith(buildingPrefix(identity.building));
    case 'anonymous':
      return anonymousMayRead(filter);
  }
}

/**
 * Whether a message on `topic` may reach `identity`. Only anonymous clients are filtered here: a demo
 * visitor's `#` is granted, and this drops what it matches outside the demo rights (louyu/x, not v1).
 */
export function mayReceive(identity: Identity, topic: string): boolean {
  return identity.role !== 'anonymous' || anonymousMayRead(topic);
}

const [ROOT, VERSION] = TOPIC_ROOT.split('/') as [string, string];

// A filter is refused when every topic it can match is outside the demo rights: first level `louyu`
// and a second level that is neither `v1` nor a wildcard. Wider filters are granted and trimmed by
// mayReceive, so a visitor's `#` works as MQTT clients expect.
function anonymousMayRead(filter: string): boolean {
  const levels = filter.split('/');
  if (levels[0] !== ROOT) return true;
  const second = levels[1];
  return second === undefined || second === VERSION || second === '+' || second === '#';
}

function firstLevel(topic: string): string {
  const slash = topic.indexOf('/');
  return slash === -1 ? topic : topic.slice(0, slash);
}

/** Number of levels in a topic or filter (`a/b/c` is 3). */
export function topicDepth(topic: string): number {
  let depth = 1;
  for (let i = 0; i < topic.length; i++) if (topic.charCodeAt(i) === 47) depth++;
  return depth;
}
