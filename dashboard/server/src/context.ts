import type { Registry } from '@louyu/core';
import type { TelemetryStore } from '@louyu/store';
import type { AlarmService } from './alarms/alarm-service.ts';
import type { AuditLog } from './audit/audit-log.ts';
import type { LiveState } from './live/live-state.ts';
import type { NotificationService } from './notifications/service.ts';
import type { ShortfallService } from './shortfalls/shortfall-service.ts';
import type { AppOptions } from './options.ts';
import type { PeerLink } from './socket/peers.ts';

/** What every route plugin works with. */
export interface ServerContext {
  registry: Registry;
  store: TelemetryStore;
  live: LiveState;
  alarms: AlarmService;
  shortfalls: ShortfallService;
  /** Alarm notifications: channels, rules and the durable outbox. */
  notifications: NotificationService;
  /** Who signed in and changed what (admins read it at /api/audit). */
  audit: AuditLog;
  options: AppOptions;
  /** The other dashboard nodes (scale-out through Redis); sending is a no-op on a single node. */
  peers: PeerLink;
}
