// Issue 14, item 5: in `louyu start` with the embedded SQLite store, a locked database file (a backup tool
// holding BEGIN EXCLUSIVE) must not stop PUBACKs: ingest's writes wait on the lock on their own thread,
// while the broker keeps acknowledging what the spool holds. Once the lock is released everything
// acknowledged is stored, exactly once. A real gateway (mqtt.js, QoS 1, a unique ts per message) publishes
// through the lock; counted: published, acknowledged, stored, missing, duplicated. Meanwhile the building's
// building's fire panels raise fire alarms: the dashboard's record of them (the alarm journal) waits on the
// lock too, and must neither hold up the broker's acknowledgements nor be lost.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { addCredential } from '@louyu/broker';
import { hepingRegistry } from '@louyu/core';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, expect, it } from 'vitest';
import { startLouyu, type LouyuStart } from './harness/louyu-start.ts';
import { stopAll } from './harness/stop-all.ts';
import { until } from './harness/until.ts';

/**
 * The store's busy timeout (store/src/sqlite/schema.ts): a write on the broker's thread froze it this long
 * per attempt, so some PUBACK waited nearly all of it. One that never waits on the database comes back far
 * sooner, even on a loaded machine.
 */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
const DEVICE = 'locked01';
/** Fire panels are named `${PANEL}NN`. */
const PANEL = 'falocked';

let louyu: LouyuStart | undefined;
let gateway: MqttClient | undefined;
let locker: Database.Database | undefined;
afterAll(() =>
  stopAll(
    () => locker?.close(),
    () => gateway?.endAsync(true),
    () => louyu?.dispose(),
  ),
);

/** The timestamps of this test's points in the store, read through a connection of the test's own. */
/** The fire panels (device ids) whose fire alarm the store holds as raised. */
function storedFireRaised(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT json_extract(s.tags, '$.device') FROM points AS p JOIN series AS s ON s.id = p.series_id
         WHERE s.measurement = 'alarm_event' AND json_extract(s.tags, '$.type') = 'fire_alarm'
           AND json_extract(s.tags, '$.device') LIKE '${PANEL}%' AND json_extract(p.fields, '$.event') = 'raised'`,
      )
      .pluck()
      .all() as string[];
  } catch {
    return []; // the journal has not written yet: the tables may be missing
  } finally {
    db.close();
  }
}

function storedTimestamps(dbPath: string): number[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT p.ts FROM points AS p JOIN series AS s ON s.id = p.series_id
         WHERE s.measurement = 'energy' AND json_extract(s.tags, '$.device') = ?`,
      )
      .pluck()
      .all(DEVICE) as number[];
  } finally {
    db.close();
  }
}

it(
  'keeps acknowledging while another process holds the SQLite file locked, and stores it all once after',
  { timeout: 180_000 },
  async () => {
    louyu = await startLouyu(['--no-simulator']);
    await louyu.waitFor(/Dashboard 仪表盘: http/);
    const dbPath = join(louyu.dataDir, 'louyu.db');
    const building = hepingRegistry().buildings[0]!.id;
    const issued = await addCredential(join(louyu.dataDir, 'credentials.json'), {
      username: `gw-locked-${building}`,
      role: 'gateway',
      building,
    });
    gateway = await mqtt.connectAsync(`mqtt://127.0.0.1:${louyu.mqttPort}`, {
      protocolVersion: 4,
      clientId: `locked-${building}`,
      username: issued.username,
      password: issued.password,
      reconnectPeriod: 0,
      connectTimeout: 30_000,
    });
    const client = gateway;
    const topic = `louyu/v1/${building}/energy/${DEVICE}`;
    const tsBase = Date.now() - 3_600_000;
    let seq = 0;
    const published: number[] = [];
    const acked = new Set<number>();
    const latencies: number[] = [];
    const publish = (): Promise<void> => {
      const ts = tsBase + seq++;
      published.push(ts);
      const sent = performance.now();
      const payload = JSON.stringify({ ts, power_kw: 10, energy_kwh: seq, circuit: 'total' });
      return client.publishAsync(topic, payload, { qos: 1 }).then(() => {
        acked.add(ts);
        latencies.push(performance.now() - sent);
      });
    };

    // The store works before the lock: the first reading lands.
    await publish();
    await until(() => storedTimestamps(dbPath).length === 1, 'the first reading to be stored');

    // A fire panel of the building reports a fire alarm: raised at once (core's alarm rules), recorded.
    const panels: string[] = [];
    const firePanel = (): Promise<void> => {
      const device = `${PANEL}${String(panels.length).padStart(2, '0')}`;
      panels.push(device);
      const payload = JSON.stringify({
        ts: Date.now(),
        devices_total: 40,
        devices_online: 40,
        alarms: 2,
        faults: 0,
      });
      return client
        .publishAsync(`louyu/v1/${building}/fa/${device}`, payload, { qos: 1 })
        .then(() => undefined);
    };

    // A backup tool takes the write lock and holds it; the gateway keeps publishing every 20 ms, and the
    // building's fire panels raise a fire alarm every 400 ms, each a transition the dashboard records.
    locker = new Database(dbPath);
    locker.exec('BEGIN EXCLUSIVE');
    const lockedAt = performance.now();
    const whileLocked: Promise<void>[] = [];
    const fire: Promise<void>[] = [];
    const logged = () => /database is locked/.test(louyu!.output());
    // Held until ingest's writer has waited out the busy timeout on it (it says so), and a while longer.
    for (let i = 0; !logged() || performance.now() - lockedAt < 2 * SQLITE_BUSY_TIMEOUT_MS + 2000; i++) {
      whileLocked.push(publish());
      if (i % 20 === 0) fire.push(firePanel());
      await delay(20);
    }
    const ackedWhileLocked = acked.size - 1;
    const lockedLatencies = latencies.slice(1);
    locker.exec('COMMIT');
    locker.close();
    locker = undefined;
    await Promise.all([...whileLocked, ...fire]);

    // PUBACKs kept coming while the file was locked, none held behind the database.
    expect(ackedWhileLocked).toBeGreaterThan(whileLocked.length / 2);
    // (Each write on the broker's thread froze it for the whole busy wait: 5.2 s at most was measured then,
    // for ingest's writes at first and later for the alarm journal's.)
    expect(Math.max(...lockedLatencies)).toBeLessThan(SQLITE_BUSY_TIMEOUT_MS * 0.8);

    // Every fire alarm raised under the lock is recorded once it is released, once each.
    await until(
      () => storedFireRaised(dbPath).length >= panels.length,
      'every fire alarm raised to be stored',
    );
    expect(storedFireRaised(dbPath).sort()).toEqual(panels);

    // After the release everything acknowledged is stored, once; and again after an orderly stop.
    await until(
      () => storedTimestamps(dbPath).length >= acked.size,
      'every acknowledged reading to be stored',
    );
    expect(await louyu.interrupt(), louyu.output().slice(-2000)).toEqual({ code: 0, signal: null });
    const stored = storedTimestamps(dbPath);
    const storedSet = new Set(stored);
    const counts = {
      published: published.length,
      acked: acked.size,
      stored: stored.length,
      missing: [...acked].filter((ts) => !storedSet.has(ts)).length,
      duplicated: stored.length - storedSet.size,
    };
    expect(counts).toEqual({
      published: published.length,
      acked: published.length,
      stored: published.length,
      missing: 0,
      duplicated: 0,
    });
    expect(louyu.output()).toContain('stopped: everything received is stored.');
  },
);
