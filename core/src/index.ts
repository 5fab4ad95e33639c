export * from './kinds.ts';
export * from './topics.ts';
export * from './reading.ts';
export * from './payloads/index.ts';
export * from './constants.ts';
export * from './registry/types.ts';
export * from './rules/tenancy.ts';
