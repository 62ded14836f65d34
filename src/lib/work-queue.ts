import { AppError } from './errors.js';

/*
 * A queue for work that must not run many at a time in one process: image decoding (one 36-
 * megapixel PNG took 131 MB) and scrypt (it runs on libuv's thread pool, which also reads every
 * static file). At most `concurrency` tasks run; up to `maxWaiting` more wait their turn in
 * arrival order; past that a task is refused at once with 503 (`unavailable`, which the error
 * handlers send with Retry-After), instead of piling up work nobody will wait for. A waiting task
 * whose signal aborts (its client left) is dropped before it starts; a running one is not
 * interrupted.
 */

/** 503: the queue is full; the caller should try again in a few seconds. */
export class WorkQueueFull extends AppError {
  override readonly name = 'WorkQueueFull';
  constructor(message: string) {
    super('unavailable', message);
  }
}

/** The task was dropped before it started because its signal aborted (nobody waits for it). */
export class WorkDropped extends AppError {
  override readonly name = 'WorkDropped';
  constructor() {
    super('unavailable', 'The request was abandoned before its turn came.');
  }
}

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
  /** Tasks that began to run. */
  started: number;
  /** Tasks that ran to the end, successfully or not. */
  finished: number;
  /** Tasks refused because the queue was full. */
  refused: number;
  /** Tasks dropped before their turn because their signal aborted. */
  dropped: number;
}

export interface WorkQueue {
  readonly options: Readonly<WorkQueueOptions>;
  /**
   * Runs `task` when its turn comes.
   * @param signal aborts when nobody waits for the result: a task still waiting is dropped
   * @throws WorkQueueFull when the queue is full; WorkDropped when `signal` aborts first
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Refuses now, as run() would, when the queue is full: before a caller reads a large body. */
  refuseIfFull(): void;
  stats(): WorkQueueStats;
}

export function createWorkQueue(options: WorkQueueOptions): WorkQueue {
  const { concurrency, maxWaiting, busyMessage } = options;
  /** Slots taken, counting those handed to a waiting task that has not started yet. */
  let slots = 0;
  const waiting: Array<() => void> = [];
  const stats = { running: 0, maxRunning: 0, started: 0, finished: 0, refused: 0, dropped: 0 };

  const isFull = () => slots >= concurrency && waiting.length >= maxWaiting;
  const refuse = (): never => {
    stats.refused += 1;
    throw new WorkQueueFull(busyMessage);
  };
  const drop = (): never => {
    stats.dropped += 1;
    throw new WorkDropped();
  };

  /** Waits for a slot handed over by a finishing task, unless `signal` aborts first. */
  const turn = (signal: AbortSignal | undefined) =>
    new Promise<void>((resolve, reject) => {
      const begin = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = waiting.indexOf(begin);
        if (index === -1) return;
        waiting.splice(index, 1);
        stats.dropped += 1;
        reject(new WorkDropped());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(begin);
    });

  return {
    options: Object.freeze({ ...options }),
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted === true) drop();
      if (slots < concurrency) slots += 1;
      else if (isFull()) refuse();
      // The finishing task hands its slot over, so `slots` stays taken meanwhile.
      else await turn(signal);
      stats.running += 1;
      stats.started += 1;
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
