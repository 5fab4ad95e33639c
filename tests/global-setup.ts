// Runs once before any test worker starts. The browser tests serve the built web app, and each of them
// builds it when a source is newer than dist/: two workers finding it stale at the same moment each ran
// `vite build`, and one emptied dist/ while the other's server was serving it (every page of that file
// then stayed on a blank document). Building here, before the workers, leaves nothing for them to race on.
import { ensureWebBuilt } from '@louyu/dashboard-web';

export default async function setup(): Promise<void> {
  await ensureWebBuilt();
}
