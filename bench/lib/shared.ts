// Processes several suites use the same way: the load generators and the plain MQTT subscriber. Forking a
// bench child costs about a second of CPU (tsx and the modules it loads), which on a shared 2-core machine is
// most of what the quick run spends outside measuring; so they are forked once, on first use, and closed by
// `npm run bench` at the end. A suite leaves them disconnected and never closes them.
import { forkChild, type BenchChild } from './child.ts';
import { GeneratorPool } from './generators.ts';

/** How many load-generator processes the suites drive (two keep one mqtt.js process off the bottleneck). */
export const GENERATOR_PROCESSES = 2;

/** The shared children of one bench run. */
export class SharedChildren {
  #generators: Promise<GeneratorPool> | undefined;
  #subscriber: Promise<BenchChild> | undefined;

  /** The load-generator pool, forked on first use. */
  generators(): Promise<GeneratorPool> {
    return (this.#generators ??= GeneratorPool.fork(GENERATOR_PROCESSES));
  }

  /** The MQTT subscriber (bench/lib/children/subscriber.ts), forked on first use. */
  subscriber(): Promise<BenchChild> {
    return (this.#subscriber ??= forkChild('subscriber'));
  }

  /** Closes whatever was forked. */
  async close(): Promise<void> {
    const [generators, subscriber] = await Promise.allSettled([this.#generators, this.#subscriber]);
    if (generators.status === 'fulfilled') await generators.value?.close();
    if (subscriber.status === 'fulfilled') await subscriber.value?.close();
  }
}
