import type { Reading } from '../../reading.ts';
import type { Freshness } from '../freshness.ts';
import { GATEWAY_DEVICE, SYSTEM_SCOPE } from './types.ts';
import type { AlarmType } from './types.ts';

/** Whether one alarm condition holds for a device, as one reading says. */
export interface AlarmCondition {
  building: string;
  device: string;
  type: AlarmType;
  active: boolean;
  /** What the reading says about it, for people. */
  detail: string | null;
}

/**
 * The alarm conditions a reading speaks to, each true or false: a reading that shows a condition gone
 * is what lets its alarm clear. Elevator state fault -> elevator_fault; FA alarms outside a drill ->
 * fire_alarm; FA faults -> fire_fault; SA intrusions -> intrusion; parking full -> parking_full.
 * Other kinds speak to no alarm (offline conditions come from freshness and gateway status).
 */
export function alarmConditions(reading: Reading): AlarmCondition[] {
  const at = { building: reading.building, device: reading.device };
  switch (reading.kind) {
    case 'elevator': {
      const fault = reading.data.state === 'fault';
      return [
        {
          ...at,
          type: 'elevator_fault',
          active: fault,
          detail: fault ? `fault ${reading.data.fault ?? 'unknown'} at floor ${reading.data.floor}` : null,
        },
      ];
    }
    case 'fa': {
      const { alarms, faults, drill } = reading.data;
      const fire = alarms > 0 && drill !== true;
      return [
        {
          ...at,
          type: 'fire_alarm',
          active: fire,
          detail: fire ? `${alarms} fire alarm points active` : null,
        },
        {
          ...at,
          type: 'fire_fault',
          active: faults > 0,
          detail:
            faults > 0
              ? `${faults} faults` +
                (reading.data.detectors_fault === undefined
                  ? ''
                  : `, ${reading.data.detectors_fault} detectors`)
              : null,
        },
      ];
    }
    case 'sa': {
      const intrusions = reading.data.intrusions ?? 0;
      return [
        {
          ...at,
          type: 'intrusion',
          active: intrusions > 0,
          detail: intrusions > 0 ? `${intrusions} intrusions detected` : null,
        },
      ];
    }
    case 'parking': {
      const { occupied, capacity } = reading.data;
      const full = occupied >= capacity;
      return [
        {
          ...at,
          type: 'parking_full',
          active: full,
          detail: full ? `${occupied} of ${capacity} spaces taken` : null,
        },
      ];
    }
    default:
      return [];
  }
}

/** device_offline for one device: its freshness is offline (10 min of silence). */
export function deviceOfflineCondition(building: string, device: string, state: Freshness): AlarmCondition {
  const active = state === 'offline';
  return {
    building,
    device,
    type: 'device_offline',
    active,
    detail: active ? 'no data for 10 min or more' : null,
  };
}

/** gateway_offline for a building: its retained status says offline (the gateway's Last Will). */
export function gatewayOfflineCondition(
  building: string,
  status: 'online' | 'offline' | undefined,
): AlarmCondition {
  const active = status === 'offline';
  return {
    building,
    device: GATEWAY_DEVICE,
    type: 'gateway_offline',
    active,
    detail: active ? 'gateway status offline (Last Will)' : null,
  };
}

/** spool_full for an ingest worker: its spool reached its byte quota and it stopped acknowledging. */
export function spoolFullCondition(worker: string, usedBytes: number, quotaBytes: number): AlarmCondition {
  const active = usedBytes >= quotaBytes;
  return {
    building: SYSTEM_SCOPE,
    device: worker,
    type: 'spool_full',
    active,
    detail: active ? `spool ${usedBytes} of ${quotaBytes} bytes` : null,
  };
}
