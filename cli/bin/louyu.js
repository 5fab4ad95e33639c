#!/usr/bin/env node
// The `louyu` command. Louyu runs its TypeScript sources through tsx, so there is no build step
// between `npm install` and `npm start`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
