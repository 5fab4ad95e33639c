/** The telemetry kinds of the MQTT contract v1 (DESIGN.md, "MQTT contract"). */
export const SUBSYSTEMS = ['ba', 'ca', 'oa', 'fa', 'sa'] as const;
/** One of the five 5A subsystems: building automation, communication, office automation, fire, security. */
export type Subsystem = (typeof SUBSYSTEMS)[number];

export const KINDS = ['occupancy', 'parking', 'elevator', 'energy', ...SUBSYSTEMS, 'tenancy'] as const;
/** A telemetry kind; also the measurement it is stored under. */
export type Kind = (typeof KINDS)[number];

const kindSet: ReadonlySet<string> = new Set(KINDS);
export function isKind(value: string): value is Kind {
  return kindSet.has(value);
}

const subsystemSet: ReadonlySet<string> = new Set(SUBSYSTEMS);
export function isSubsystem(value: string): value is Subsystem {
  return subsystemSet.has(value);
}

export const ELEVATOR_STATES = ['idle', 'moving', 'door', 'fault', 'maintenance', 'offline'] as const;
export type ElevatorState = (typeof ELEVATOR_STATES)[number];

/**
 * Energy meter circuits. `total` is the building's electricity main meter; `hvac`, `lighting`, `elevator` and
 * `plug` are electric circuits that add up to it. `heat` is a thermal meter of district heating (集中供暖,
 * kW / kWh of heat): not an electric circuit, not part of `total`, never added to electric figures.
 */
export const CIRCUITS = ['total', 'hvac', 'lighting', 'elevator', 'plug', 'heat'] as const;
/** The electric circuits that add up to the `total` meter. */
export const ELECTRIC_CIRCUITS = ['hvac', 'lighting', 'elevator', 'plug'] as const;
/** The district heating thermal meter's circuit. */
export const HEAT_CIRCUIT = 'heat';
export type Circuit = (typeof CIRCUITS)[number];

/** Industries the plan counts tenants by (规划: 商贸、科技、金融、文化, and the rest). */
export const INDUSTRIES = ['trade', 'tech', 'finance', 'culture', 'other'] as const;
export type Industry = (typeof INDUSTRIES)[number];
