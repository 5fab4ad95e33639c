export * from './types.ts';
export * from './step.ts';
export * from './rollup.ts';
export * from './conditions.ts';
