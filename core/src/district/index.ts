export * from './schema.ts';
export * from './figures.ts';
export * from './occupancy.ts';
export * from './tax-ladder.ts';
export * from './plan-periods.ts';
export * from './plan-course.ts';
export * from './ranking.ts';
