import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, openSqlite } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import { rebuildSearchIndex } from './search.index.js';
import { searchArticles } from './search.repository.js';
import { parseQuery } from './search.text.js';

/*
 * Search latency over a synthetic newsroom, for the bench runner (`npm run bench`) to call:
 * N published articles on SQLite (file, WAL) that name eight people in their text (no links,
 * so the linker reads every body), indexed by the app's own `rebuildSearchIndex` (timed), then
 * the real repository query (ranking, recency, visibility, count) for a mix of query forms.
 * Prints and returns p50/p95 in milliseconds and the rebuild time in seconds.
 */

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = (
  'drama actor actress scene episode fans camera director filming week season returns stars cast series romance ' +
  'premiere ratings finale teaser poster script reading variety interview award festival music soundtrack kiss ' +
  'fight rehearsal behind scenes chemistry laugh comedy thriller historical fantasy broadcast streaming netflix'
).split(' ');
const NAMES = [
  ['Lee Jae-wook', '이재욱'],
  ['Go Yoon-jung', '고윤정'],
  ['Hwang Min-hyun', '황민현'],
  ['Yoo In-soo', '유인수'],
  ['Jung So-min', '정소민'],
  ['Shin Seung-ho', '신승호'],
  ['Kim Ji-won', '김지원'],
  ['Park Seo-joon', '박서준'],
] as const;

export const BENCH_QUERIES = [
  'kiss',
  'rehearsal chemistry',
  'lee jae wook',
  'leejaewook',
  'jaewook lee',
  '재욱',
  '이재욱',
  'ㅇㅈㅇ',
  'finale',
  'nonexistentword',
];

export async function benchSearch(
  options: { articles?: number; runs?: number; log?: (line: string) => void } = {},
): Promise<{
  p50: number;
  p95: number;
  perQuery: Record<string, number>;
  rebuildSeconds: number;
}> {
  const count = options.articles ?? 100_000;
  const runs = options.runs ?? 30;
  const log = options.log ?? console.log;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-bench-'));
  const handle = connectDatabase({ dataDir });
  try {
    await migrateToLatest(handle.db);
    const raw = openSqlite(handle.sqlitePath ?? '');
    const random = rng(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const insertPerson = raw.prepare(
      `insert into people (slug, name, name_ko, aliases, roles, bio, created_at, updated_at)
       values (?, ?, ?, '[]', '["actor"]', '', ?, ?)`,
    );
    const stamp = new Date().toISOString();
    for (const [name, ko] of NAMES) {
      insertPerson.run(name.toLowerCase().replaceAll(' ', '-'), name, ko, stamp, stamp);
    }
    const insertArticle = raw.prepare(
      `insert into articles (id, slug, title, dek, body, status, published_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'published', ?, ?, ?)`,
    );
    const fill = raw.transaction((from: number, to: number) => {
      for (let id = from; id < to; id++) {
        const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
        const [name, ko] = pick(NAMES);
        const title = `${name} ${words(6)}`;
        const dek = words(15);
        const text = `${words(30)} ${name} ${words(30)}. ${ko} ${words(20)}`;
        const body = JSON.stringify([{ type: 'paragraph', content: [{ text }] }]);
        const at = new Date(
          Date.UTC(2015, 0, 1) + Math.floor(random() * 11 * 365 * 86_400_000),
        ).toISOString();
        insertArticle.run(id, `a-${id}`, title, dek, body, at, at, at);
      }
    });
    for (let from = 1; from <= count; from += 5_000) fill(from, Math.min(count + 1, from + 5_000));
    raw.close();
    const t0 = performance.now();
    await rebuildSearchIndex(handle.db);
    const rebuildSeconds = (performance.now() - t0) / 1000;
    log(
      `search bench: ${count} articles indexed by rebuildSearchIndex in ${rebuildSeconds.toFixed(1)} s`,
    );

    const now = new Date().toISOString();
    const perQuery: Record<string, number> = {};
    const all: number[] = [];
    for (const q of BENCH_QUERIES) {
      const parsed = parseQuery(q);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await searchArticles(handle.db, parsed, { now }, { limit: 10, offset: 0 });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      perQuery[q] = times[Math.floor(times.length * 0.95)] ?? 0;
      all.push(...times);
    }
    all.sort((a, b) => a - b);
    const p50 = all[Math.floor(all.length * 0.5)] ?? 0;
    const p95 = all[Math.floor(all.length * 0.95)] ?? 0;
    log(
      `search bench: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${all.length} queries`,
    );
    for (const [q, ms] of Object.entries(perQuery))
      log(`  p95 ${ms.toFixed(1).padStart(7)} ms  ${q}`);
    return { p50, p95, perQuery, rebuildSeconds };
  } finally {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
