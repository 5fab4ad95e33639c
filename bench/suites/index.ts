import type { Suite } from '../lib/result.ts';
import { brokerSuite } from './broker.ts';
import { dashboardSuite } from './dashboard.ts';
import { latencySuite } from './latency.ts';
import { loginsSuite } from './logins.ts';
import { pipelineSuite } from './pipeline.ts';
import { queriesSuite } from './queries.ts';
import { scaleSuite } from './scale.ts';
import { startupSuite } from './startup.ts';

/** Every suite, in the order `npm run bench` runs them. */
export const SUITES: readonly Suite[] = [
  startupSuite,
  brokerSuite,
  pipelineSuite,
  latencySuite,
  scaleSuite,
  loginsSuite,
  queriesSuite,
  dashboardSuite,
];
