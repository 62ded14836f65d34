import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD_COST,
  passwordWork,
  usePasswordCostForTests,
  type PasswordCost,
} from '../../src/features/auth/password.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { until } from '../helpers/poll.js';

/*
 * A burst of sign-ins against a real listening server (issue 17, item 3): scrypt runs on
 * libuv's thread pool, which also reads the files of /assets and /media. The hashing queue
 * (password.ts) keeps at most two hashes running and eight waiting, refuses the rest at once
 * with 503 and Retry-After, and drops a waiting hash whose client has gone. No timing is
 * asserted: only what had happened when something else happened, read from the queue's counters.
 */

/** scrypt at production cost takes up to a second each on a loaded CI machine. */
const TIMEOUT_MS = 120_000;
const BURST = 60;

describe('a burst of sign-ins', () => {
  let t: TestApp;
  let base: string;
  // The queue fills only while hashes take a while: production's cost, not the unit run's.
  let testCost: PasswordCost;
  beforeAll(() => {
    testCost = usePasswordCostForTests(PASSWORD_COST);
  });
  afterAll(() => {
    usePasswordCostForTests(testCost);
  });

  afterEach(async () => t.close());

  async function listening(): Promise<void> {
    // Each request names its own client address, as a botnet would have.
    // The socket timeout is raised so that a loaded test machine (seconds a scrypt) does not
    // close a waiting sign-in's idle connection: this test is about the queue, not that limit.
    t = await buildTestApp({
      demo: false,
      env: { DEHO_TRUST_PROXY: '1', DEHO_REQUEST_TIMEOUT_MS: '600000' },
    });
    fs.writeFileSync(path.join(t.config.dataDir, 'media', 'still.txt'), 'a media file');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
  }

  const signIn = (i: number, signal?: AbortSignal) =>
    fetch(`${base}/api/admin/v1/session`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `10.7.${i >> 8}.${i & 255}`,
      },
      body: JSON.stringify({ email: `nobody${i}@example.com`, password: 'wrong password!' }),
      ...(signal !== undefined && { signal }),
    });

  it(
    'answers every sign-in, refuses those past the queue at once, and serves files meanwhile',
    async () => {
      await listening();
      const before = passwordWork.stats();
      const answered: { status: number; retryAfter: string | null; pending: number }[] = [];
      const burst = Array.from({ length: BURST }, (_, i) =>
        signIn(i).then(async (res) => {
          await res.arrayBuffer();
          const { waiting, running } = passwordWork.stats();
          answered.push({
            status: res.status,
            retryAfter: res.headers.get('retry-after'),
            pending: waiting + running,
          });
          return res.status;
        }),
      );
      // Once the queue is full, the files must still come while hashes wait.
      await until(() => passwordWork.stats().waiting === passwordWork.options.maxWaiting);
      const [asset, media] = await Promise.all([
        fetch(`${base}/assets/site.css`),
        fetch(`${base}/media/still.txt`),
      ]);
      const whenFilesCame = passwordWork.stats();
      expect(asset.status).toBe(200);
      expect(media.status).toBe(200);
      expect(await media.text()).toBe('a media file');
      expect(whenFilesCame.waiting + whenFilesCame.running).toBeGreaterThan(0);

      const statuses = await Promise.all(burst);
      const after = passwordWork.stats();
      const checks = after.started - before.started;
      // Every sign-in got an answer: a checked password (401) or a refusal with Retry-After.
      expect(statuses).toHaveLength(BURST);
      expect(statuses.filter((s) => s === 401)).toHaveLength(checks);
      expect(statuses.filter((s) => s === 503)).toHaveLength(after.refused - before.refused);
      expect(checks + after.refused - before.refused).toBe(BURST);
      expect(checks).toBeLessThan(BURST);
      for (const answer of answered.filter((a) => a.status === 503)) {
        expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      }
      // The refusals did not wait for the hashes: one arrived while checks still waited or ran.
      // (Which answer comes first is up to the machine: a fast first check may beat them all.)
      expect(answered.some((a) => a.status === 503 && a.pending > 0)).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    'drops the hashes of clients that have gone',
    async () => {
      await listening();
      const before = passwordWork.stats();
      const clients = Array.from({ length: 12 }, () => new AbortController());
      const burst = clients.map((client, i) =>
        signIn(1000 + i, client.signal).then(
          (res) => res.status,
          () => 'gone' as const,
        ),
      );
      await until(() => passwordWork.stats().waiting > 0);
      for (const client of clients) client.abort();
      await Promise.all(burst);
      await until(() => passwordWork.stats().running === 0 && passwordWork.stats().waiting === 0);
      const after = passwordWork.stats();
      expect(after.dropped - before.dropped).toBeGreaterThan(0);
      expect(after.started - before.started).toBeLessThan(clients.length);
      // Nothing was checked for the dropped ones, so their attempts are given back.
      const counted = async () => {
        const row = await t.db
          .selectFrom('login_throttles')
          .select((eb) => eb.fn.sum<number>('failures').as('n'))
          .where('key', 'like', 'account:%')
          .executeTakeFirstOrThrow();
        return Number(row.n);
      };
      await until(async () => (await counted()) === after.started - before.started);
    },
    TIMEOUT_MS,
  );
});
