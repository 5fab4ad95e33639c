import type { Registry } from '@louyu/core';
import type { TelemetryStore } from '@louyu/store';
import type { AlarmService } from './alarms/alarm-service.ts';
import type { LiveState } from './live/live-state.ts';
import type { ShortfallService } from './shortfalls/shortfall-service.ts';
import type { AppOptions } from './options.ts';

/** What every route plugin works with. */
export interface ServerContext {
  registry: Registry;
  store: TelemetryStore;
  live: LiveState;
  alarms: AlarmService;
  shortfalls: ShortfallService;
  options: AppOptions;
}
