// Plain words for the ids gateways and rules use (issue 16, item 9): floor, car, car-park level and meter
// ids, circuit keys, 5A subsystem codes and the building gateway's pseudo-device. The simulators' and the
// MQTT contract's conventions are recognised; any other id a real gateway uses is shown as it is, since it
// is the only name the building's own staff know the device by.
import {
  CIRCUITS,
  GATEWAY_DEVICE,
  SUBSYSTEMS,
  SYSTEM_SCOPE,
  type Building,
  type Circuit,
  type Subsystem,
} from '@louyu/core';
import { locale, t } from './i18n/locale.svelte.ts';
import type { MessageKey } from './i18n/zh.ts';

function isCircuit(value: string): value is Circuit {
  return (CIRCUITS as readonly string[]).includes(value);
}

function isSubsystem(value: string): value is Subsystem {
  return (SUBSYSTEMS as readonly string[]).includes(value);
}

/** A circuit key in words ("hvac" -> 空调 / HVAC); an unknown key as it is. */
export function circuitLabel(circuit: string): string {
  return isCircuit(circuit) ? t(`circuit.${circuit}` as MessageKey) : circuit;
}

/** A 5A subsystem code in words ("ba" -> 楼宇自控 BA). */
export function subsystemLabel(code: string): string {
  return isSubsystem(code) ? t(`subsystem.${code}` as MessageKey) : code;
}

/** A device id in words: floor-07 -> 7层 / Floor 7, car-03 -> 3号梯 / Car 3, level-b1, surface, meter-hvac, _gateway. */
export function deviceLabel(device: string): string {
  if (device === GATEWAY_DEVICE) return t('device.gateway');
  if (device === 'head-end') return t('device.head_end');
  if (device === 'surface') return t('device.surface');
  let m = /^floor-(\d+)$/.exec(device);
  if (m) return t('device.floor', { n: Number(m[1]) });
  m = /^(?:level|floor)-b(\d+)$/.exec(device);
  if (m) return t('device.basement', { n: Number(m[1]) });
  m = /^car-(\d+)$/.exec(device);
  if (m) return t('device.car', { n: Number(m[1]) });
  m = /^meter-(.+)$/.exec(device);
  if (m?.[1]) {
    if (m[1] === 'total') return t('device.meter_main');
    if (m[1] === 'heat') return t('device.meter_heat');
    return t('device.meter', { name: isCircuit(m[1]) ? circuitLabel(m[1]) : m[1] });
  }
  return device;
}

/** Who an alarm is about: the building's name, or Louyu itself for alarms about the platform (spool full). */
export function scopeLabel(id: string, building: Building | undefined): string {
  if (building) return locale.name(building.name);
  return id === SYSTEM_SCOPE ? t('alarms.system_scope') : id;
}
