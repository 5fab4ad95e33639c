import {
  acknowledge,
  alarmConditions,
  alarmStep,
  freshness,
  GATEWAY_DEVICE,
  isStanding,
  rollUp,
  SYSTEM_SCOPE,
  type Alarm,
  type AlarmEvent,
  type AlarmShelf,
  type AlarmSubject,
  type Reading,
  type TelemetryPoint,
} from '@louyu/core';
import { randomUUID } from 'node:crypto';
import { MAX_POINTS_LIMIT, type TelemetryStore } from '@louyu/store';
import type { AlarmCounts, AlarmList, AlarmTransition, AlarmView } from '@louyu/core';
import type { LiveState } from '../live/live-state.ts';
import {
  ALARM_MEASUREMENT,
  alarmEventPoint,
  alarmFromPoint,
  alarmIdOfPoint,
  alarmView,
  CHECKPOINT_MEASUREMENT,
  checkpointFromPoint,
  checkpointPoints,
  STANDING_MEASUREMENT,
  transitionFromPoint,
  transitionView,
  type AlarmChange,
} from './alarm-points.ts';
import { AlarmWorkflow, SHELF_MEASUREMENT, shelfPoint, shelvesFromPoints } from './alarm-workflow.ts';
import type { AlarmCommand } from '../socket/peers.ts';
import { memoryJournal, type AlarmJournal } from './alarm-journal.ts';

/** The most transitions kept in memory for `GET /api/alarms` (the store keeps every one). */
const HISTORY_LIMIT = 1000;
/** Events stamped a little ahead of this node's clock (another node's) still belong in the history. */
const CLOCK_SKEW_MS = 3_600_000;
const HOUR = 3_600_000;
/**
 * How far back the history is looked for, window after window, until it holds HISTORY_LIMIT transitions:
 * a busy store finds them in the last hour and never reads the rest of the month.
 */
const HISTORY_WINDOWS_MS = [HOUR, 6 * HOUR, 24 * HOUR, 7 * 24 * HOUR];
/** A checkpoint of the standing alarms is written at most this often while transitions happen ... */
const CHECKPOINT_EVERY_MS = 60_000;
/** ... and at least this often, so the events a restart replays stay few and retention never drops it. */
const CHECKPOINT_AT_LEAST_MS = HOUR;

/** How long `flush` waits for the store by default (a report, a test), in ms. */
const FLUSH_WAIT_MS = 10_000;

/** How the last rebuild found the standing alarms, and how many store queries it took (logs, tests). */
export interface AlarmRebuild {
  /** `checkpoint`: the newest checkpoint and the events since; `events`: the latest event of every alarm. */
  via: 'checkpoint' | 'events';
  /** Why there was no usable checkpoint (via `events`). */
  reason?: string;
  standing: number;
  history: number;
  queries: number;
  /** How long it took, in ms. */
  ms: number;
}

interface Condition {
  subject: AlarmSubject;
  active: boolean;
  detail: string | null;
}

/**
 * Raises and clears alarms with core's rules from live readings, freshness and gateway status; keeps them
 * debounced (core's `alarmStep`), rolled up per building (`rollUp`), and writes every transition to the
 * store as an `alarm_event` point so active and acknowledged alarms survive a restart.
 */
export class AlarmService {
  readonly #store: TelemetryStore;
  readonly #live: LiveState;
  readonly #alarms = new Map<string, Alarm>();
  readonly #conditions = new Map<string, Condition>();
  readonly #history: AlarmTransition[] = [];
  readonly #listeners = new Set<(building: string, event: AlarmChange | null) => void>();
  readonly #workflow = new AlarmWorkflow();
  /** An active alarm nobody acknowledged for this long is escalated (a transition of its own). */
  #escalateAfterMs = 15 * 60_000;
  readonly #commandListeners = new Set<(command: AlarmCommand) => void>();
  readonly #journal: AlarmJournal;
  #persist: () => boolean = () => true;
  #onWriteError: (error: Error) => void;
  /** When this node last wrote a checkpoint (-Infinity: not yet), and whether a transition came since. */
  #checkpointAt = -Infinity;
  #dirty = false;
  #lastRebuild: AlarmRebuild | undefined;

  constructor(
    store: TelemetryStore,
    live: LiveState,
    onWriteError: (error: Error) => void = () => undefined,
    journal?: AlarmJournal,
  ) {
    this.#store = store;
    this.#live = live;
    this.#onWriteError = onWriteError;
    this.#journal =
      journal ?? memoryJournal(store, { onStoreError: (error) => onWriteError(error as Error) });
    live.useAlarmCounts((building) => this.counts(building));
  }

  /** How long an active alarm may stay unacknowledged before it is escalated (ms). */
  escalateAfter(ms: number): void {
    this.#escalateAfterMs = ms;
  }

  /**
   * Called after every transition and workflow action (acknowledged, assigned, shelved, unshelved,
   * escalated) with the building it concerns.
   */
  onChange(listener: (building: string, event: AlarmChange | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Rebuilds active and acknowledged alarms from the newest checkpoint and the events stored since (or, with
   * no usable checkpoint, from the latest event of each alarm), and the history from the newest stored
   * events (every transition, not only each alarm's latest), within the raw retention, in widening windows.
   */
  async rebuild(now = this.#live.now()): Promise<number> {
    const started = performance.now();
    let queries = 0;
    const points = (...args: Parameters<TelemetryStore['points']>) => {
      queries++;
      return this.#store.points(...args);
    };
    const oldest = Math.max(0, Math.floor(now - this.#store.retention.rawMs));
    const until = now + CLOCK_SKEW_MS;

    let found = await this.#fromCheckpoint(points, oldest, until);
    const via = typeof found === 'string' ? 'events' : 'checkpoint';
    const reason = typeof found === 'string' ? found : undefined;
    if (typeof found === 'string') {
      queries++;
      found = (
        await this.#store.latest({ measurement: ALARM_MEASUREMENT }, { from: oldest, to: Math.floor(until) })
      ).flatMap((point) => {
        const alarm = alarmFromPoint(point);
        return alarm ? [{ alarm, point }] : [];
      });
    }
    let standing = 0;
    for (const { alarm, point } of found) {
      // A rebuild that comes late (the store answered only after start) keeps what happened meanwhile.
      if (isStanding(alarm) && !this.#alarms.has(alarm.id)) {
        this.#alarms.set(alarm.id, alarm);
        this.#workflow.restore(alarm.id, point);
        standing++;
      }
    }
    // Shelves made within the last month that are not over yet (a maintenance window may be long).
    const shelfPoints = await points(
      { measurement: SHELF_MEASUREMENT },
      Math.max(oldest, now - 31 * 24 * HOUR),
      until,
      MAX_POINTS_LIMIT,
    );
    for (const shelf of shelvesFromPoints(shelfPoints, now))
      if (!this.#workflow.getShelf(shelf.id)) this.#workflow.addShelf(shelf);

    const events = [];
    let to = until;
    for (const back of [...HISTORY_WINDOWS_MS, Infinity]) {
      const from = Math.max(oldest, now - back);
      if (from < to)
        events.push(...(await points({ measurement: ALARM_MEASUREMENT }, from, to, HISTORY_LIMIT)));
      to = from;
      if (events.length >= HISTORY_LIMIT || from <= oldest) break;
    }
    const seen = new Set(this.#history.map((t) => `${t.alarm}/${t.event}/${t.at}`));
    const transitions = events
      .flatMap((point) => transitionFromPoint(point) ?? [])
      .filter((t) => !seen.has(`${t.alarm}/${t.event}/${t.at}`));
    this.#history.push(...transitions);
    // Newest first, whether the rebuild ran before anything happened or after (a store that came late).
    this.#history.sort((a, b) => b.at - a.at);
    if (this.#history.length > HISTORY_LIMIT) this.#history.length = HISTORY_LIMIT;
    this.#lastRebuild = {
      via,
      ...(reason !== undefined ? { reason } : {}),
      standing,
      history: this.#history.length,
      queries,
      ms: Math.round(performance.now() - started),
    };
    return standing;
  }

  /** How the last rebuild went (undefined before the first). */
  get lastRebuild(): AlarmRebuild | undefined {
    return this.#lastRebuild;
  }

  /**
   * The alarms of the newest checkpoint, each replaced by its latest event stored since (cleared ones
   * included: the caller keeps the standing ones); a string saying why not when there is no usable one.
   */
  async #fromCheckpoint(
    points: TelemetryStore['points'],
    oldest: number,
    until: number,
  ): Promise<{ alarm: Alarm; point: TelemetryPoint }[] | string> {
    const [marker] = await points({ measurement: CHECKPOINT_MEASUREMENT }, oldest, until, 1);
    const checkpoint = marker && checkpointFromPoint(marker);
    if (!marker || !checkpoint) return 'no checkpoint of the standing alarms in the store';
    const rows = (
      await points({ measurement: STANDING_MEASUREMENT }, marker.ts, marker.ts + 1, MAX_POINTS_LIMIT)
    ).filter((row) => row.fields.checkpoint === checkpoint.at);
    if (rows.length !== checkpoint.standing)
      return `the checkpoint of ${new Date(checkpoint.at).toISOString()} holds ${rows.length} of its ${checkpoint.standing} alarms`;
    const since = await points({ measurement: ALARM_MEASUREMENT }, checkpoint.at, until, MAX_POINTS_LIMIT);
    if (since.length >= MAX_POINTS_LIMIT)
      return `more than ${MAX_POINTS_LIMIT} alarm events since the checkpoint of ${new Date(checkpoint.at).toISOString()}`;
    const alarms = new Map<string, { alarm: Alarm; point: TelemetryPoint }>();
    for (const row of rows) {
      const alarm = alarmFromPoint(row);
      if (alarm) alarms.set(alarm.id, { alarm, point: row });
    }
    // Newest first: the first event of an alarm is its latest, and says how it stands now.
    const replayed = new Set<string>();
    for (const point of since) {
      const id = alarmIdOfPoint(point);
      if (id === undefined || replayed.has(id)) continue;
      replayed.add(id);
      const alarm = alarmFromPoint(point);
      if (alarm) alarms.set(id, { alarm, point });
      else alarms.delete(id);
    }
    return [...alarms.values()];
  }

  /**
   * Writes a checkpoint of the standing alarms (when this node writes alarms): after transitions at most
   * every CHECKPOINT_EVERY_MS, and at least every CHECKPOINT_AT_LEAST_MS. `tick` calls it; `force` writes now.
   */
  checkpoint(now = this.#live.now(), force = false): void {
    const due =
      force ||
      now - this.#checkpointAt >= CHECKPOINT_AT_LEAST_MS ||
      (this.#dirty && now - this.#checkpointAt >= CHECKPOINT_EVERY_MS) ||
      now < this.#checkpointAt;
    // Never before the rebuild: an empty checkpoint written while the store was late would hide every alarm.
    if (!due || this.#lastRebuild === undefined || !this.#persist()) return;
    // In the journal after the transitions it sums up, so it never reaches the store before them.
    if (this.#journal.append(checkpointPoints(this.#standing(), now, (id) => this.#workflow.fields(id)))) {
      this.#checkpointAt = now;
      this.#dirty = false;
    }
  }

  /** Steps the alarms a reading speaks to (elevator fault, fire, intrusion, parking full). */
  reading(reading: Reading, now = this.#live.now()): void {
    for (const c of alarmConditions(reading)) {
      this.#condition({ building: c.building, device: c.device, type: c.type }, c.active, c.detail, now);
    }
    // A reading is the device speaking: it is not offline.
    this.#condition(
      { building: reading.building, device: reading.device, type: 'device_offline' },
      false,
      null,
      now,
    );
  }

  /**
   * Re-evaluates everything time alone changes: debounces, device freshness (offline after silence),
   * gateway status. Run it on a timer and after a gateway status change.
   */
  tick(now = this.#live.now()): void {
    for (const b of this.#live.registry.buildings) {
      const gateway = this.#live.gateway(b.id);
      this.#condition(
        { building: b.id, device: GATEWAY_DEVICE, type: 'gateway_offline' },
        gateway === 'offline',
        gateway === 'offline' ? 'gateway Last Will: offline' : null,
        now,
      );
    }
    for (const r of this.#live.readings()) {
      // Against its gateway's newest reading: a lagging or replaying gateway is not offline device by device.
      const state = freshness({ kind: r.kind, lastTs: r.ts, clock: this.#live.clock(r.building) }, now);
      this.#condition(
        { building: r.building, device: r.device, type: 'device_offline' },
        state === 'offline',
        state === 'offline' ? `${r.kind} silent since ${new Date(r.ts).toISOString()}` : null,
        now,
      );
    }
    for (const c of this.#conditions.values()) this.#step(c, now);
    this.#escalate(now);
    this.checkpoint(now);
  }

  /** Decides, per transition, whether this node writes it to the store (one writer among several nodes). */
  persistWhen(persist: () => boolean): void {
    this.#persist = persist;
  }

  /** Called with every command this node was given (acknowledge, spool full), to pass on to other nodes. */
  onCommand(listener: (command: AlarmCommand) => void): () => void {
    this.#commandListeners.add(listener);
    return () => this.#commandListeners.delete(listener);
  }

  /** Applies a command another node was given, at its time (not passed on again). */
  applyPeer(command: AlarmCommand): void {
    if (command.type === 'acknowledge')
      this.#acknowledge(command.id, command.user, command.at, command.comment ?? null);
    else if (command.type === 'assign') this.#assign(command.id, command.user, command.assignee, command.at);
    else if (command.type === 'shelve') this.#shelve(command.shelf, command.at);
    else if (command.type === 'unshelve') this.#unshelve(command.id, command.user, command.at);
    else this.#spoolFull(command.full, command.detail, command.at);
  }

  /**
   * The spool state of a standalone ingest worker, as every dashboard node receives it from the broker
   * (louyu/ops/ingest/{worker}/spool): one spool_full alarm per worker, not passed on to other nodes.
   */
  ingestSpoolFull(worker: string, full: boolean, detail: string | null, now = this.#live.now()): void {
    this.#condition(
      { building: SYSTEM_SCOPE, device: `ingest:${worker}`, type: 'spool_full' },
      full,
      detail,
      now,
    );
  }

  /** The spool-full hook: ingest calls it when its spool is full (true) and again when it drains (false). */
  spoolFull(full: boolean, detail: string | null = null, now = this.#live.now()): void {
    this.#spoolFull(full, detail, now);
    this.#command({ type: 'spool_full', full, detail, at: now });
  }

  /** A user acknowledges a standing alarm, with a comment or none; undefined when there is no such alarm. */
  acknowledge(
    id: string,
    user: string,
    now = this.#live.now(),
    comment: string | null = null,
  ): AlarmView | undefined {
    const view = this.#acknowledge(id, user, now, comment);
    if (view) this.#command({ type: 'acknowledge', id, user, at: now, ...(comment ? { comment } : {}) });
    return view;
  }

  /** A user assigns a standing alarm to `assignee` (null: to no one); undefined when there is no such alarm. */
  assign(id: string, user: string, assignee: string | null, now = this.#live.now()): AlarmView | undefined {
    const view = this.#assign(id, user, assignee, now);
    if (view) this.#command({ type: 'assign', id, user, assignee, at: now });
    return view;
  }

  /** Shelves the alarms of a building (one device, one type, or all) from `from` until `until`. */
  shelve(input: Omit<AlarmShelf, 'id' | 'at'>, now = this.#live.now()): AlarmShelf {
    const shelf: AlarmShelf = { ...input, id: `shelf-${randomUUID().slice(0, 13)}`, at: now };
    this.#shelve(shelf, now);
    this.#command({ type: 'shelve', shelf, at: now });
    return shelf;
  }

  /** Ends a shelf early; undefined when there is no such shelf. */
  unshelve(id: string, user: string, now = this.#live.now()): AlarmShelf | undefined {
    const shelf = this.#unshelve(id, user, now);
    if (shelf) this.#command({ type: 'unshelve', id, user, at: now });
    return shelf;
  }

  /** A shelf not yet over, by id. */
  shelf(id: string, now = this.#live.now()): AlarmShelf | undefined {
    return this.#workflow.shelves(now).find((s) => s.id === id);
  }

  /** Shelves not yet over (current and coming), of the buildings `visible` says yes to. */
  shelves(visible: (building: string) => boolean, now = this.#live.now()): AlarmShelf[] {
    return this.#workflow.shelves(now).filter((s) => visible(s.building));
  }

  #assign(id: string, user: string, assignee: string | null, now: number): AlarmView | undefined {
    const alarm = this.#alarms.get(id);
    if (!alarm || !isStanding(alarm)) return undefined;
    this.#workflow.set(id, { assignee });
    this.#record(this.#change(alarm, 'assigned', now, user, assignee ?? ''), alarm);
    return this.#view(alarm, now);
  }

  #shelve(shelf: AlarmShelf, now: number): void {
    this.#workflow.addShelf(shelf);
    if (this.#persist() && !this.#journal.append([shelfPoint(shelf)]))
      this.#onWriteError(new Error(`alarm journal full: shelf ${shelf.id} not kept`));
    const note = shelfNote(shelf);
    for (const alarm of this.#standing())
      if (this.#workflow.shelfOf(alarm, now)?.id === shelf.id)
        this.#record(this.#change(alarm, 'shelved', now, shelf.by, note), alarm);
  }

  #unshelve(id: string, user: string, now: number): AlarmShelf | undefined {
    const shelf = this.#workflow.getShelf(id);
    if (!shelf) return undefined;
    const covered = this.#standing().filter((a) => this.#workflow.shelfOf(a, now)?.id === id);
    this.#workflow.removeShelf(id);
    if (this.#persist() && !this.#journal.append([shelfPoint(shelf, now)]))
      this.#onWriteError(new Error(`alarm journal full: removal of shelf ${id} not kept`));
    for (const alarm of covered)
      this.#record(this.#change(alarm, 'unshelved', now, user, shelfNote(shelf)), alarm);
    return shelf;
  }

  /** Escalates every active alarm nobody acknowledged within the escalation time (shelved ones wait). */
  #escalate(now: number): void {
    for (const alarm of this.#standing()) {
      if (alarm.state !== 'active' || alarm.raisedAt === null) continue;
      if (now - alarm.raisedAt < this.#escalateAfterMs) continue;
      if (this.#workflow.of(alarm.id).escalatedAt !== null || this.#workflow.shelfOf(alarm, now)) continue;
      this.#workflow.set(alarm.id, { escalatedAt: now });
      const minutes = Math.round((now - alarm.raisedAt) / 60_000);
      this.#record(
        this.#change(alarm, 'escalated', now, undefined, `unacknowledged for ${minutes} min`),
        alarm,
      );
    }
  }

  /** A workflow action on an alarm, as recorded and passed on. */
  #change(
    alarm: Alarm,
    type: AlarmChange['type'],
    at: number,
    by: string | undefined,
    note: string,
  ): AlarmChange {
    return {
      type,
      alarmId: alarm.id,
      building: alarm.building,
      device: alarm.device,
      alarmType: alarm.type,
      severity: alarm.severity,
      at,
      ...(by !== undefined ? { by } : {}),
      ...(alarm.detail !== null ? { detail: alarm.detail } : {}),
      note,
    };
  }

  /** The alarm as the API shows it, with its workflow state and the shelf silencing it now. */
  #view(alarm: Alarm, now = this.#live.now()): AlarmView {
    const state = this.#workflow.of(alarm.id);
    return {
      ...alarmView(alarm),
      ack_comment: state.ackComment,
      assignee: state.assignee,
      escalated_at: state.escalatedAt,
      shelved: this.#workflow.shelfOf(alarm, now) ?? null,
    };
  }

  #spoolFull(full: boolean, detail: string | null, now: number): void {
    this.#condition({ building: SYSTEM_SCOPE, device: 'ingest', type: 'spool_full' }, full, detail, now);
  }

  #acknowledge(id: string, user: string, now: number, comment: string | null): AlarmView | undefined {
    const alarm = this.#alarms.get(id);
    if (!alarm || !isStanding(alarm)) return undefined;
    const result = acknowledge(alarm, user, now);
    this.#alarms.set(id, result.alarm);
    if (result.event) {
      if (comment) this.#workflow.set(id, { ackComment: comment });
      this.#record({ ...result.event, ...(comment ? { note: comment } : {}) }, result.alarm);
    }
    return this.#view(result.alarm, now);
  }

  #command(command: AlarmCommand): void {
    for (const listener of this.#commandListeners) listener(command);
  }

  /** Standing alarm (active or acknowledged) by id. */
  get(id: string): AlarmView | undefined {
    const alarm = this.#alarms.get(id);
    return alarm && isStanding(alarm) ? this.#view(alarm) : undefined;
  }

  /** Standing alarms of one building, worst first. */
  forBuilding(building: string): AlarmView[] {
    return this.#standing()
      .filter((a) => a.building === building)
      .map((a) => this.#view(a));
  }

  /** Active counts by severity for one building (device offline alarms folded while its gateway is offline). */
  counts(building: string): AlarmCounts {
    const line = rollUp(this.#standing().filter((a) => a.building === building))[0];
    return line
      ? { active: line.total, ...line.counts }
      : { active: 0, critical: 0, major: 0, minor: 0, warning: 0 };
  }

  /** `GET /api/alarms`, limited to the buildings `visible` says yes to. */
  list(visible: (building: string) => boolean, historyLimit = 200): AlarmList {
    const standing = this.#standing().filter((a) => visible(a.building));
    return {
      active: standing.map((a) => this.#view(a)),
      rollup: rollUp(standing).map((line) => ({
        building: line.building,
        worst: line.worst,
        total: line.total,
        unacknowledged: line.unacknowledged,
        types: line.types,
        devices: line.devices,
        since: line.since,
        gateway_offline: line.gatewayOffline,
        suppressed: line.suppressed,
      })),
      history: this.#history.filter((t) => visible(t.building)).slice(0, historyLimit),
    };
  }

  /** Settles once every transition so far is kept in the journal (on disk with a spool): a user's action is recorded. */
  written(): Promise<void> {
    return this.#journal.written();
  }

  /** Transitions (and checkpoints) not yet in the store, e.g. while it is down. */
  get unstored(): number {
    return this.#journal.pending;
  }

  /**
   * Resolves once every transition so far is in the store (a report counting them, tests), or after
   * `timeoutMs` with false when the store does not take them (they stay queued).
   */
  async flush(timeoutMs = FLUSH_WAIT_MS): Promise<boolean> {
    await this.#journal.written().catch(() => undefined);
    const deadline = performance.now() + timeoutMs;
    while (this.#journal.pending > 0) {
      if (performance.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return true;
  }

  /** Stops: gives the store up to `timeoutMs` to take what is queued; the rest stays in the spool for the next start. */
  close(timeoutMs = FLUSH_WAIT_MS): Promise<void> {
    return this.#journal.close(timeoutMs);
  }

  /** Standing alarms (active or acknowledged) by severity, for `louyu_dashboard_alarms_active`. */
  standingBySeverity(): Record<Alarm['severity'], number> {
    const counts = { critical: 0, major: 0, minor: 0, warning: 0 };
    for (const alarm of this.#standing()) counts[alarm.severity]++;
    return counts;
  }

  #standing(): Alarm[] {
    const rank = { critical: 0, major: 1, minor: 2, warning: 3 } as const;
    return [...this.#alarms.values()]
      .filter(isStanding)
      .sort((a, b) => rank[a.severity] - rank[b.severity] || (b.raisedAt ?? 0) - (a.raisedAt ?? 0));
  }

  #condition(subject: AlarmSubject, active: boolean, detail: string | null, now: number): void {
    const id = `${subject.building}/${subject.device}/${subject.type}`;
    const known = this.#conditions.get(id);
    // Conditions that never held and have no alarm are not worth remembering (most devices, most of the time).
    if (!active && !known && !this.#alarms.has(id)) return;
    const condition = { subject, active, detail };
    this.#conditions.set(id, condition);
    this.#step(condition, now);
  }

  #step(condition: Condition, now: number): void {
    const id = `${condition.subject.building}/${condition.subject.device}/${condition.subject.type}`;
    const previous = this.#alarms.get(id);
    const { alarm, events } = alarmStep(previous, condition.active, now, {
      subject: condition.subject,
      detail: condition.detail,
    });
    if (alarm === undefined || alarm.state === 'cleared') this.#alarms.delete(id);
    else this.#alarms.set(id, alarm);
    if (!condition.active && (alarm === undefined || alarm.state === 'cleared')) this.#conditions.delete(id);
    for (const event of events) this.#record(event, alarm!);
  }

  #record(recorded: AlarmEvent | AlarmChange, alarm: Alarm): void {
    const shelved = this.#workflow.shelfOf(alarm, recorded.at) !== undefined;
    const event: AlarmChange = { ...recorded, ...(shelved ? { shelved } : {}) };
    this.#history.unshift(transitionView(event));
    if (this.#history.length > HISTORY_LIMIT) this.#history.length = HISTORY_LIMIT;
    const point = alarmEventPoint(event, alarm, this.#workflow.fields(alarm.id));
    // A cleared alarm starts afresh if it is raised again: no comment, assignee or escalation.
    if (event.type === 'cleared') this.#workflow.forget(alarm.id);
    if (this.#persist()) {
      this.#dirty = true;
      if (!this.#journal.append([point]))
        this.#onWriteError(
          new Error(`alarm journal full: transition ${event.type} of ${event.alarmId} not kept`),
        );
    }
    for (const listener of this.#listeners) listener(alarm.building, event);
  }
}

/** What a shelf says in an alarm's history: until when, and why. */
function shelfNote(shelf: AlarmShelf): string {
  return `${new Date(shelf.from).toISOString()} – ${new Date(shelf.until).toISOString()}: ${shelf.reason}`;
}
