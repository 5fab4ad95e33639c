// The messages the load generators publish. `filler` is the broker suite's 200-byte JSON; `energy` is a
// valid Louyu energy reading (the pipeline suite's messages must pass decode to be stored).

export type PayloadKind = 'filler' | 'energy' | 'energy-now';

const FILLER_BYTES = 200;

let lastTs = 0;

/** A payload for message `seq`; `t` is the publish time (wall ms) that latency measurements read back. */
export function makePayload(kind: PayloadKind, seq: number, t: number, ts?: number): Buffer {
  if (kind === 'energy-now') {
    // Stamped with the publish time itself (equal stamps may repeat): the latency suite reads it back.
    return Buffer.from(
      `{"ts":${Math.floor(t)},"power_kw":${(100 + (seq % 500) / 10).toFixed(1)},"energy_kwh":${seq},"circuit":"total"}`,
    );
  }
  if (kind === 'energy') {
    // Without a given ts: strictly increasing per process, so each message is its own point.
    lastTs = ts ?? Math.max(Math.floor(t), lastTs + 1);
    return Buffer.from(
      `{"ts":${lastTs},"power_kw":${(100 + (seq % 500) / 10).toFixed(1)},"energy_kwh":${seq},"circuit":"total"}`,
    );
  }
  const head = `{"ts":${Math.floor(t)},"seq":${seq},"t":${t.toFixed(3)},"pad":"`;
  const pad = Math.max(0, FILLER_BYTES - head.length - 2);
  return Buffer.from(`${head}${'x'.repeat(pad)}"}`);
}

/** Reads the publish time back from a filler payload without parsing the whole JSON. */
export function publishTimeOf(payload: Buffer): number | null {
  const s = payload.toString('latin1', 0, 80);
  // Filler payloads carry `t` (sub-ms); energy ones only their `ts` (whole ms).
  const i = s.indexOf('"t":');
  const j = i < 0 ? s.indexOf('"ts":') : -1;
  if (i < 0 && j < 0) return null;
  const value = Number.parseFloat(i >= 0 ? s.slice(i + 4) : s.slice(j + 5));
  return Number.isFinite(value) ? value : null;
}
