export * from './zone.ts';
export * from './dates.ts';
export * from './holidays-cn.ts';
export * from './workday.ts';
export * from './daypart.ts';
