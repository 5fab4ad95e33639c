// Debian's mosquitto as the broker suite's baseline, started by the test harness with the settings that
// make the comparison fair: Nagle off like the aedes listeners, no connection or queue limits.
import {
  startMosquitto as startHarnessMosquitto,
  type MosquittoHarness,
} from '../../tests/harness/mosquitto.ts';

export type MosquittoProcess = MosquittoHarness;

/** Starts mosquitto anonymous, in memory, with nothing that would drop or delay QoS 1 messages. */
export function startMosquitto(): Promise<MosquittoProcess> {
  return startHarnessMosquitto({
    // STACK.md: a queue limit silently drops QoS 1 messages to a subscriber that falls behind (0 = none).
    config: ['max_queued_messages 0', 'set_tcp_nodelay true', 'max_connections -1'],
  });
}
