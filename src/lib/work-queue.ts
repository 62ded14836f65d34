import { AppError } from './errors.js';

/*
 * A queue for work that must not run many at a time in one process (image decoding: one 36-
 * megapixel PNG took 131 MB). At most `concurrency` tasks run; up to `maxWaiting` more wait their
 * turn in arrival order; past that a task is refused at once with 503 (`unavailable`, which the
 * error handlers send with Retry-After), instead of piling up memory until the process dies.
 */

export interface WorkQueueOptions {
  concurrency: number;
  maxWaiting: number;
  /** Said to the person whose task is refused. */
  busyMessage: string;
}

/** Counters of a queue since it was made, for tests and measurements. */
export interface WorkQueueStats {
  /** Tasks running now. */
  running: number;
  /** Tasks waiting for their turn now. */
  waiting: number;
  /** The most tasks that ever ran at the same time. */
  maxRunning: number;
  /** Tasks that ran to the end, successfully or not. */
  finished: number;
  /** Tasks refused because the queue was full. */
  refused: number;
}

export interface WorkQueue {
  /** Runs `task` when its turn comes. @throws AppError unavailable when the queue is full */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Refuses now, as run() would, when the queue is full: before a caller reads a large body. */
  refuseIfFull(): void;
  stats(): WorkQueueStats;
}

export function createWorkQueue(options: WorkQueueOptions): WorkQueue {
  const { concurrency, maxWaiting, busyMessage } = options;
  /** Slots taken, counting those handed to a waiting task that has not started yet. */
  let slots = 0;
  const waiting: Array<() => void> = [];
  const stats = { running: 0, maxRunning: 0, finished: 0, refused: 0 };

  const isFull = () => slots >= concurrency && waiting.length >= maxWaiting;
  const refuse = (): never => {
    stats.refused += 1;
    throw new AppError('unavailable', busyMessage);
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (slots < concurrency) slots += 1;
      else if (isFull()) refuse();
      // The finishing task hands its slot over, so `slots` stays taken meanwhile.
      else await new Promise<void>((resolve) => waiting.push(resolve));
      stats.running += 1;
      stats.maxRunning = Math.max(stats.maxRunning, stats.running);
      try {
        return await task();
      } finally {
        stats.running -= 1;
        stats.finished += 1;
        const next = waiting.shift();
        if (next === undefined) slots -= 1;
        else next();
      }
    },
    refuseIfFull() {
      if (isFull()) refuse();
    },
    stats: () => ({ ...stats, waiting: waiting.length }),
  };
}
