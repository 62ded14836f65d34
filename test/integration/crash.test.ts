import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.js';

/*
 * Crash safety of the built server (`npm run build` first): 100 clients post comments through
 * the Content API while the process is killed with SIGKILL (no chance to flush anything) or
 * stopped with SIGTERM (graceful shutdown). A comment that got a 2xx answer must be in the
 * database exactly once afterwards, the database must pass `PRAGMA integrity_check`, and on
 * SIGTERM every comment the server stored must have had its answer delivered.
 */

const CLIENTS = 100;
const dirs: string[] = [];
const servers: RunningServer[] = [];

afterAll(async () => {
  for (const server of servers) await server.stop().catch(() => undefined);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
}

/** One POST on its own connection (Connection: close), so that a request is either answered, refused, or cut. */
function postJson(url: string, payload: unknown, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(payload);
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

interface LoadResult {
  /** Comment text → id, for every post answered 2xx. */
  acknowledged: Map<string, number>;
  /** Status counts of all answers, and of failures without an answer. */
  statuses: Map<string, number>;
}

/**
 * CLIENTS clients post comments in a loop until `stop()` resolves and a few more after it, each
 * from its own address (X-Forwarded-For, DEHO_TRUST_PROXY=1) so the rate limits let them in.
 * A client stops at its first failure without an answer (the server is gone).
 */
async function postLoad(
  server: RunningServer,
  articleId: number,
  tag: string,
  onFirstSuccesses: () => void,
): Promise<LoadResult> {
  const acknowledged = new Map<string, number>();
  const statuses = new Map<string, number>();
  const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
  let sequence = 0;
  let fired = false;
  const url = `${server.url}/api/content/v1/articles/${articleId}/comments`;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let round = 0; round < 1_000; round += 1) {
        sequence += 1;
        const n = sequence;
        const text = `${tag} comment ${n} from client ${client}`;
        const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        let answer: Answer;
        try {
          answer = await postJson(
            url,
            { name: `Reader ${client}`, comment: text },
            { 'x-forwarded-for': address },
          );
        } catch (error) {
          count(`error:${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
          return;
        }
        count(String(answer.status));
        if (answer.status >= 200 && answer.status < 300) {
          const { comment } = JSON.parse(answer.body) as { comment: { id: number; body: string } };
          expect(comment.body).toBe(text);
          acknowledged.set(text, comment.id);
          if (!fired && acknowledged.size >= 150) {
            fired = true;
            onFirstSuccesses();
          }
        } else if (answer.status === 503) {
          return; // shutting down
        }
      }
    }),
  );
  return { acknowledged, statuses };
}

async function demoArticleId(server: RunningServer): Promise<number> {
  const response = await fetch(`${server.url}/api/content/v1/articles?limit=1`);
  const { articles } = (await response.json()) as { articles: Array<{ id: number }> };
  const id = articles[0]?.id;
  if (id === undefined) throw new Error('The demo has no published article.');
  return id;
}

function newDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-crash-'));
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string): Promise<RunningServer> {
  const server = await startServer({
    env: { DEHO_DATA_DIR: dataDir, DEHO_TRUST_PROXY: '1', LOG_LEVEL: 'error' },
  });
  servers.push(server);
  return server;
}

/** Rows stored by this load (by their text), with how often each text is there. */
function storedComments(dataDir: string, tag: string) {
  const sqlite = new SQLite(path.join(dataDir, 'deho.db'), { readonly: true });
  try {
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    const rows = sqlite
      .prepare('SELECT id, body FROM comments WHERE body LIKE ?')
      .all(`${tag} comment %`) as Array<{ id: number; body: string }>;
    return { integrity, rows };
  } finally {
    sqlite.close();
  }
}

describe('crash safety', () => {
  it('keeps every acknowledged comment through kill -9, and the database stays sound', async () => {
    const dataDir = newDataDir();
    const server = await start(dataDir);
    const articleId = await demoArticleId(server);

    let killed: Promise<unknown> | undefined;
    const load = await postLoad(server, articleId, 'crash', () => {
      killed = server.kill('SIGKILL');
    });
    await killed;
    expect(load.acknowledged.size).toBeGreaterThanOrEqual(150);
    // The load was cut by the kill, not finished.
    expect([...load.statuses.keys()].some((key) => key.startsWith('error:'))).toBe(true);

    // Restart on the same data: SQLite recovers from the WAL; the app must start and answer.
    const again = await start(dataDir);
    const check = await fetch(`${again.url}/api/content/v1/articles/${articleId}/comments?limit=1`);
    expect(check.status).toBe(200);
    await check.arrayBuffer();
    await again.stop();

    const { integrity, rows } = storedComments(dataDir, 'crash');
    expect(integrity).toBe('ok');
    const seen = new Map<string, number[]>();
    for (const row of rows) seen.set(row.body, [...(seen.get(row.body) ?? []), row.id]);
    for (const [text, id] of load.acknowledged) {
      expect(seen.get(text), text).toEqual([id]);
    }
    // No text was stored twice, acknowledged or not.
    for (const [text, ids] of seen) expect(ids.length, text).toBe(1);
  });

  it('on SIGTERM finishes the requests in flight: nothing stored goes unanswered, nothing answered is lost', async () => {
    const dataDir = newDataDir();
    const server = await start(dataDir);
    const articleId = await demoArticleId(server);

    let stopped: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
    const load = await postLoad(server, articleId, 'term', () => {
      stopped = server.kill('SIGTERM');
    });
    const exit = await stopped;
    // A clean shutdown within the bound, not a timeout (exit code 1) or a crash.
    expect(exit).toEqual({ code: 0, signal: null });

    const { integrity, rows } = storedComments(dataDir, 'term');
    expect(integrity).toBe('ok');
    const stored = new Map(rows.map((row) => [row.body, row.id]));
    expect(stored.size).toBe(rows.length); // no duplicates
    // Every acknowledged comment is stored…
    for (const [text, id] of load.acknowledged) expect(stored.get(text), text).toBe(id);
    // …and every stored comment was acknowledged: no request was cut after its write.
    for (const text of stored.keys()) expect(load.acknowledged.has(text), text).toBe(true);
  });
});
