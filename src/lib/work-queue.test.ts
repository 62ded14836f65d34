import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { createWorkQueue, WorkDropped } from './work-queue.js';

/* The queue's contract, driven by promises the test resolves: no timing involved. */

interface Task {
  started: Promise<void>;
  finish(fail?: boolean): void;
  run: () => Promise<string>;
}

function task(name: string, order: string[]): Task {
  let markStarted = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let settle: (fail: boolean) => void = () => {};
  const done = new Promise<boolean>((resolve) => (settle = resolve));
  return {
    started,
    finish: (fail = false) => settle(fail),
    run: async () => {
      order.push(name);
      markStarted();
      if (await done) throw new Error(`${name} failed`);
      return name;
    },
  };
}

describe('createWorkQueue', () => {
  it('runs one task at a time in arrival order and refuses past the waiting limit', async () => {
    const queue = createWorkQueue({ concurrency: 1, maxWaiting: 2, busyMessage: 'Busy.' });
    const order: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => task(name, order)) as [
      Task,
      Task,
      Task,
      Task,
    ];
    const ran = [a, b, c].map((t) => queue.run(t.run).catch((error: Error) => error.message));
    await a.started;
    expect(queue.stats()).toMatchObject({ running: 1, waiting: 2, refused: 0 });

    const refused = await queue.run(d.run).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('unavailable');
    expect(() => queue.refuseIfFull()).toThrow('Busy.');
    expect(queue.stats().refused).toBe(2);

    a.finish(true); // a failure hands the turn on too
    await b.started;
    expect(order).toEqual(['a', 'b']);
    expect(queue.stats()).toMatchObject({ running: 1, waiting: 1 });
    b.finish();
    await c.started;
    c.finish();
    expect(await Promise.all(ran)).toEqual(['a failed', 'b', 'c']);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(queue.stats()).toEqual({
      running: 0,
      waiting: 0,
      maxRunning: 1,
      started: 3,
      finished: 3,
      refused: 2,
      dropped: 0,
    });
    // Empty again: a new task runs at once.
    expect(() => queue.refuseIfFull()).not.toThrow();
    const e = task('e', order);
    const ranE = queue.run(e.run);
    await e.started;
    e.finish();
    expect(await ranE).toBe('e');
  });

  it('runs up to `concurrency` tasks together', async () => {
    const queue = createWorkQueue({ concurrency: 2, maxWaiting: 0, busyMessage: 'Busy.' });
    const order: string[] = [];
    const [a, b] = [task('a', order), task('b', order)];
    const ran = [queue.run(a.run), queue.run(b.run)];
    await Promise.all([a.started, b.started]);
    await expect(queue.run(async () => 'c')).rejects.toThrow('Busy.');
    a.finish();
    b.finish();
    expect(await Promise.all(ran)).toEqual(['a', 'b']);
    expect(queue.stats().maxRunning).toBe(2);
  });

  it('drops a waiting task whose signal aborts, and never starts it', async () => {
    const queue = createWorkQueue({ concurrency: 1, maxWaiting: 2, busyMessage: 'Busy.' });
    const order: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => task(name, order)) as [Task, Task, Task];
    const client = new AbortController();
    const ranA = queue.run(a.run);
    await a.started;
    const ranB = queue.run(b.run, client.signal).catch((error: unknown) => error);
    const ranC = queue.run(c.run);
    client.abort();
    const dropped = await ranB;
    expect(dropped).toBeInstanceOf(WorkDropped);
    expect(queue.stats()).toMatchObject({ running: 1, waiting: 1, dropped: 1 });
    a.finish();
    await c.started;
    c.finish();
    expect([await ranA, await ranC]).toEqual(['a', 'c']);
    expect(order).toEqual(['a', 'c']);
    expect(queue.stats()).toMatchObject({ started: 2, finished: 2, dropped: 1, running: 0 });
    // Already aborted: refused before it waits.
    await expect(queue.run(b.run, client.signal)).rejects.toBeInstanceOf(WorkDropped);
  });
});
