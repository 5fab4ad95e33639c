// Types shared by the dashboard server and the browser: declared once, imported on both sides.
export * from './auth.ts';
export * from './live.ts';
export * from './alarms.ts';
export * from './rest.ts';
export * from './socket.ts';
export * from './tenancy-history.ts';
export * from './users.ts';
export * from './plan.ts';
export * from './district-history.ts';
