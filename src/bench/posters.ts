import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Challenge } from 'altcha-lib';
import type { PostConfig, PostOutcome, PreparedPost } from './poster-process.js';

/*
 * The comments row: posters that behave like readers' browsers. Each post carries a challenge
 * solved as the island solves it (a pool solved before the timed run, in processes of their own,
 * one per core: a challenge costs about a second on a phone), comes from its own address
 * (X-Forwarded-For behind DEHO_TRUST_PROXY=1, so the per-address limits apply per poster), and
 * a moderator approves the held ones through the Admin API while the posts arrive, so that
 * article pages are invalidated and rendered again under load. Afterwards the database is
 * checked: every post answered with success is stored exactly once, no refused post left a row.
 */

export interface PostersOutcome {
  run: PostOutcome;
  /** Comments approved by the moderator during the run. */
  approved: number;
  /** Accepted posts missing from the database (must be 0). */
  lost: number;
  /** Accepted posts stored more than once (must be 0). */
  doubled: number;
  /** Refused posts that left a row anyway (must be 0). */
  leaked: number;
}

const NAME_PREFIX = 'Poster ';

function runProcess(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script} ${args[0]} exited with ${code}`)),
    );
  });
}

async function fetchChallenges(base: string, count: number): Promise<Challenge[]> {
  const challenges: Challenge[] = [];
  while (challenges.length < count) {
    const batch = Math.min(50, count - challenges.length);
    const fetched = await Promise.all(
      Array.from({ length: batch }, async () => {
        const response = await fetch(`${base}/api/content/v1/comments/challenge`);
        if (!response.ok) throw new Error(`challenge: HTTP ${response.status}`);
        return ((await response.json()) as { challenge: Challenge }).challenge;
      }),
    );
    challenges.push(...fetched);
  }
  return challenges;
}

/** Solves `count` fresh challenges in one process per core; returns the encoded solutions. */
export async function solvePool(options: {
  base: string;
  count: number;
  postersScript: string;
}): Promise<string[]> {
  const challenges = await fetchChallenges(options.base, options.count);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-challenges-'));
  try {
    const cores = Math.max(1, os.cpus().length);
    const share = Math.ceil(challenges.length / cores);
    const parts = await Promise.all(
      Array.from({ length: cores }, async (_, i) => {
        const input = path.join(dir, `in-${i}.json`);
        const output = path.join(dir, `out-${i}.json`);
        fs.writeFileSync(input, JSON.stringify(challenges.slice(i * share, (i + 1) * share)));
        await runProcess(options.postersScript, ['solve', input, output]);
        return JSON.parse(fs.readFileSync(output, 'utf8')) as string[];
      }),
    );
    return parts.flat();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One post per solved challenge, spread over the given articles, each from its own address. */
export function preparePosts(articleIds: readonly number[], solved: readonly string[]) {
  return solved.map((altcha, i): PreparedPost => {
    const n = i + 1;
    return {
      path: `/api/content/v1/articles/${articleIds[i % articleIds.length]}/comments`,
      address: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      body: JSON.stringify({
        name: `${NAME_PREFIX}${i}`,
        comment: `Comment number ${i} from the benchmark: the last episode was worth the wait.`,
        altcha,
      }),
    };
  });
}

/**
 * Approves held comments through the Admin API until `stop` resolves, as a moderator working the
 * queue would (a page of 100 at a time).
 */
async function moderate(base: string, apiKey: string, stop: Promise<void>): Promise<number> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  let approved = 0;
  while (!stopped) {
    const list = await fetch(`${base}/api/admin/v1/comments?status=pending&limit=100`, {
      headers,
    });
    if (!list.ok) throw new Error(`moderation queue: HTTP ${list.status}`);
    const { comments } = (await list.json()) as { comments: { id: number }[] };
    if (comments.length === 0) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const bulk = await fetch(`${base}/api/admin/v1/comments/bulk`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ids: comments.map((c) => c.id), action: 'approve' }),
    });
    if (!bulk.ok) throw new Error(`bulk approve: HTTP ${bulk.status}`);
    approved += comments.length;
  }
  return approved;
}

/** Sends every prepared post once while a moderator approves; `during` runs alongside. */
export async function runPosters(options: {
  base: string;
  apiKey: string;
  posts: PreparedPost[];
  connections: number;
  postersScript: string;
}): Promise<{ run: PostOutcome; approved: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-posters-'));
  try {
    const configFile = path.join(dir, 'posters.json');
    const config: PostConfig = {
      base: options.base,
      connections: options.connections,
      posts: options.posts,
    };
    fs.writeFileSync(configFile, JSON.stringify(config));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const moderator = moderate(options.base, options.apiKey, finished);
    const run = JSON.parse(
      await runProcess(options.postersScript, ['post', configFile]).finally(finish),
    ) as PostOutcome;
    return { run, approved: await moderator };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Compares the answers with the rows, after the server has stopped. */
export function checkPosters(
  sqlitePath: string,
  outcome: { run: PostOutcome; approved: number },
): PostersOutcome {
  const db = new SQLite(sqlitePath, { readonly: true });
  try {
    const rows = db
      .prepare(
        `select author_name as name, count(*) as n from comments where author_name like ? group by author_name`,
      )
      .all(`${NAME_PREFIX}%`) as { name: string; n: number }[];
    const stored = new Map(rows.map((r) => [Number(r.name.slice(NAME_PREFIX.length)), r.n]));
    let lost = 0;
    let doubled = 0;
    let leaked = 0;
    for (const poster of outcome.run.accepted) {
      const n = stored.get(poster) ?? 0;
      if (n === 0) lost += 1;
      if (n > 1) doubled += 1;
    }
    for (const poster of outcome.run.refused) if ((stored.get(poster) ?? 0) > 0) leaked += 1;
    return { ...outcome, lost, doubled, leaked };
  } finally {
    db.close();
  }
}
