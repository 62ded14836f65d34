/*
 * The loop every background job runs in (scheduled publishing, reply mails, webhook deliveries,
 * the session sweep): one run at a time, the next one `intervalMs` after the last ended, timers
 * that never keep the process alive, and a stop that waits for the run in flight. A failed run is
 * logged and the loop goes on; failures after stop() are the shutdown's, not news.
 */

export interface JobLoop {
  start(): void;
  /** Stops the loop and waits for the run in flight. */
  stop(): Promise<void>;
  /** Counts for /metrics: read, never reset. */
  stats(): JobLoopStats;
}

export interface JobLoopStats {
  /** Runs that ended without an error. */
  succeeded: number;
  /** Runs that ended with an error. */
  failed: number;
  /** How long the last run that ended took, in seconds (0 before the first). */
  lastRunSeconds: number;
}

export interface JobLoopOptions {
  /** One run of the job. */
  run: () => Promise<void>;
  intervalMs: number;
  /** Called with a run's error while the loop is running. */
  onError: (error: unknown) => void;
  /** Run at once on start (default), or first after one interval. */
  runAtStart?: boolean;
}

export function createJobLoop(options: JobLoopOptions): JobLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = true;
  const stats: JobLoopStats = { succeeded: 0, failed: 0, lastRunSeconds: 0 };
  const schedule = () => {
    timer = setTimeout(tick, options.intervalMs);
    timer.unref();
  };
  const tick = () => {
    const began = performance.now();
    running = options
      .run()
      .then(
        () => void stats.succeeded++,
        (error: unknown) => {
          stats.failed++;
          if (!stopped) options.onError(error);
        },
      )
      .finally(() => {
        stats.lastRunSeconds = (performance.now() - began) / 1000;
        if (!stopped) schedule();
      });
  };
  return {
    start() {
      if (!stopped) return;
      stopped = false;
      if (options.runAtStart === false) schedule();
      else tick();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
    stats: () => ({ ...stats }),
  };
}
