export * from './errors.ts';
export * from './parse.ts';
export * from './district.ts';
export * from './tax-tier.ts';
export * from './heping.ts';
export * from './small.ts';
