// The store worker's entry point when Louyu runs from its TypeScript sources (tests, tsx); compiled, the
// worker starts on worker.js directly. A worker thread starts without the parent's loader, so this
// registers tsx itself, and resolves @louyu/* to their sources (the packages' "source" export condition).
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
registerHooks(
  'data:text/javascript,export function resolve(s,c,n){return n(s,{...c,conditions:[...c.conditions,"source"]})}',
);
await import('./worker.ts');
