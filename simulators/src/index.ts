/**
 * Louyu's simulated district: deterministic building models (people, car parks, lifts, meters, 5A head
 * ends, tenancy), scenarios, and MQTT gateways that publish them. Tests step the clock and read the
 * messages; `louyu simulate` runs a fleet against a broker.
 */
export { createDistrict, collect } from './district.ts';
export type { District, DistrictOptions, GatewayControl } from './district.ts';
export type { SimMessage, BadInputCase } from './messages.ts';
export { BAD_INPUT_CASES, BAD_INPUT_EXPECTED, UNKNOWN_BUILDING } from './bad-input.ts';
export { SCENARIOS, SCENARIO_SPECS, isScenarioName, replayStart } from './scenarios.ts';
export type { ScenarioName, ScenarioSpec } from './scenarios.ts';
export { runFleet } from './fleet.ts';
export { connectDistrict } from './connected.ts';
export type { ConnectDistrictOptions, ConnectedDistrict } from './connected.ts';
export { simulatedHistory, HISTORY_INTERVALS_MS, HISTORY_TICK_MS } from './history.ts';
export type { HistoryChunk, HistoryOptions } from './history.ts';
export { busiestGatewayRate } from './rates.ts';
export type { Fleet, FleetOptions, FleetStats } from './fleet.ts';
export { continueMeters, initialMetersFromPoints, loadInitialMetersFile } from './initial-meters.ts';
export type { InitialMeters } from './initial-meters.ts';
export { Gateway } from './gateway.ts';
export type { GatewayOptions } from './gateway.ts';
export { DEFAULT_USERNAME_PREFIX, loadCredentialsFile, passwordFor } from './credentials.ts';
export type { Credentials } from './credentials.ts';
export { validateSimulateOptions, SIMULATE_DEFAULTS } from './options.ts';
export type { SimulateArgs, SimulateOptions } from './options.ts';
export { DEFAULT_INTERVALS_MS, DEFAULT_TICK_MS } from './assumptions.ts';
export type { BuildingModel } from './model/building.ts';
