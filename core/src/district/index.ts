export * from './schema.ts';
export * from './figures.ts';
