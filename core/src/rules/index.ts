export * from './tenancy.ts';
export * from './freshness.ts';
export * from './five-a.ts';
export * from './counter.ts';
export * from './shortfalls/index.ts';
export * from './alarms/index.ts';
export * from './meter-step.ts';
