export * from './schema.ts';
export * from './figures.ts';
export * from './occupancy.ts';
export * from './tax-ladder.ts';
