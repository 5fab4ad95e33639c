import type { Kind } from './kinds.ts';
import type { TopicError } from './topics.ts';

/**
 * Why a message was refused: stable, machine-readable codes. Ingest counts rejections by building,
 * kind and reason, and keeps them in the dead-letter log; the codes are part of the public contract.
 */
export const REJECTION_REASONS = [
  'too_large',
  'bad_topic',
  'not_utf8',
  'not_json',
  'not_object',
  'schema',
  'rule',
  'ts_out_of_window',
  'unknown_building',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface Rejection {
  reason: RejectionReason;
  /** A sentence for people: what is wrong and what would be right. */
  detail: string;
  /** The topic's building and kind when the topic could be parsed, for counting per building and kind. */
  building?: string;
  kind?: Kind;
  /** For `schema` and `rule`: the field path (`tenants_by_industry.tech`) and the rule it broke. */
  field?: string;
  rule?: string;
  /** For `bad_topic`: which part of the topic is wrong. */
  topicError?: TopicError;
}
