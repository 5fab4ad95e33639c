/**
 * Limits of the MQTT wire contract v1 (DESIGN.md, "MQTT contract"). They are part of the contract with
 * gateway vendors, not tuning knobs, so they live apart from the domain thresholds in constants.ts.
 */

/** A payload is at most 16 KiB: the largest honest message (tenancy) is well under 1 KiB. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

/** `ts` may be at most 5 minutes ahead of the receiver's clock: gateway clocks drift, but not by hours. */
export const TS_MAX_FUTURE_MS = 5 * 60_000;

/** `ts` may be at most 7 days old: a gateway that buffered through a long outage may still deliver. */
export const TS_MAX_PAST_MS = 7 * 86_400_000;
