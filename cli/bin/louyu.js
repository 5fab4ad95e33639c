#!/usr/bin/env node
// The `louyu` command. Louyu runs its TypeScript sources through tsx, so there is no build step
// between `npm install` and `npm start`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv);
// A command that failed has closed what it opened, but a handle left behind (a reconnecting client, a worker
// thread) must not keep a failed process alive: it ends with its code, so a supervisor restarts it.
if (code !== 0) process.exit(code);
process.exitCode = code;
