// The store worker's entry point. Louyu runs its TypeScript through tsx; a worker thread starts without
// the parent's loader, so it registers tsx itself before loading the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
