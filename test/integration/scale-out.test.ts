import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/features/auth/index.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { hasRedisServer, startTestRedis, type TestRedis } from '../helpers/redis.js';
import { freePort, startServer, type RunningServer } from '../helpers/server.js';

/*
 * Scale-out, end to end: three instances (`node dist/cli.js serve`, built here) on one
 * PostgreSQL schema and one Redis (a private redis-server on a free port), with Debian's nginx
 * in front, configured by deploy/nginx.conf (only the ports are swapped). Runs when
 * DEHO_TEST_DATABASE_URL is set and nginx and redis-server are installed; skipped otherwise.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const have = (bin: string) =>
  spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const nginxBin =
  ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p)) ??
  (have('nginx') ? 'nginx' : undefined);
const enabled =
  Boolean(process.env.DEHO_TEST_DATABASE_URL) && nginxBin !== undefined && hasRedisServer();

const BTS = '/news/alchemy-of-souls-part-2-kiss-scene-behind-the-scenes';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface Nginx {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/** deploy/nginx.conf with the test's ports, inside a minimal main configuration. */
async function startNginx(upstreams: number[]): Promise<Nginx> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-nginx-'));
  fs.chmodSync(dir, 0o755);
  const site = fs
    .readFileSync(path.join(root, 'deploy', 'nginx.conf'), 'utf8')
    // The upstream lists its instances on consecutive `server 127.0.0.1:PORT …;` lines.
    .replace(
      /^([ \t]*)server 127\.0\.0\.1:\d+ (.*);\n(?:[ \t]*server 127\.0\.0\.1:\d+ .*;\n)*/m,
      (_block, indent: string, rest: string) =>
        upstreams.map((p) => `${indent}server 127.0.0.1:${p} ${rest};\n`).join(''),
    )
    .replace(/^\s*listen 80;$/m, `    listen 127.0.0.1:${port};`);
  expect(site).toContain(`listen 127.0.0.1:${port};`);
  for (const p of upstreams) expect(site).toContain(`server 127.0.0.1:${p} `);
  fs.writeFileSync(path.join(dir, 'deho.conf'), site);
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 512; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (n) => `  ${n}_temp_path ${dir}/${n};`,
      ),
      `  include ${dir}/deho.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    nginxBin ?? 'nginx',
    ['-c', path.join(dir, 'nginx.conf'), '-p', dir],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => (await fetch(`${url}/healthz`)).status === 200,
    `nginx (${stderr})`,
    10_000,
  );
  return {
    url,
    log: () =>
      stderr +
      (fs.existsSync(`${dir}/error.log`) ? fs.readFileSync(`${dir}/error.log`, 'utf8') : ''),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.runIf(enabled)('three instances behind nginx on PostgreSQL and Redis', () => {
  let db: TestDb;
  let redis: TestRedis;
  let nginx: Nginx;
  const instances: RunningServer[] = [];
  let key: string;
  let receiver: http.Server;
  const deliveries: { event: string; slug: string }[] = [];

  const A = () => instances[0] as RunningServer;
  const B = () => instances[1] as RunningServer;
  const C = () => instances[2] as RunningServer;
  const admin = (target: RunningServer, method: string, url: string, body?: object) =>
    fetch(`${target.url}/api/admin/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}`);
    db = await createTestDb('postgres');
    redis = await startTestRedis();
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { event: string; data: { article?: { slug: string } } };
        deliveries.push({ event: parsed.event, slug: parsed.data.article?.slug ?? '' });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const env = {
      DATABASE_URL: db.databaseUrl ?? '',
      REDIS_URL: redis.url,
      DEHO_TRUST_PROXY: '1',
      DEHO_JOB_INTERVAL_MS: '200',
      DEHO_OUTBOUND_ALLOW: '127.0.0.1',
      DEHO_BASE_URL: 'http://deho.test',
      LOG_LEVEL: 'info',
    };
    // A and B start at the same moment on an empty schema; C joins later.
    // Generous: three Node processes migrating and starting on two busy cores.
    const start = () => startServer({ env, readyTimeoutMs: 90_000 });
    instances.push(...(await Promise.all([start(), start()])));
    instances.push(await start());
    nginx = await startNginx(instances.map((i) => Number(new URL(i.url).port)));
    key = (await createApiKey(db.db, () => new Date(), { name: 'scale-out', role: 'admin' })).key;
  }, 300_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((i) => i.stop()));
    await new Promise((resolve) => receiver?.close(resolve));
    await redis?.close();
    await db?.close();
  });

  it('migrated once although two instances started together, and all three serve through nginx', async () => {
    const appliedBy = instances.filter((i) => /applied \d+ migration/.test(i.stdout()));
    expect(appliedBy).toHaveLength(1);
    expect(instances.indexOf(appliedBy[0] as RunningServer)).toBeLessThan(2);
    const rows = await sql<{ name: string; n: number }>`
      select name, count(*) as n from kysely_migration group by name having count(*) > 1`.execute(
      db.db,
    );
    expect(rows.rows).toEqual([]);
    const demo = await db.db
      .selectFrom('articles')
      .select('slug')
      .where('slug', '=', BTS.slice(6))
      .execute();
    expect(demo).toHaveLength(1);
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${nginx.url}${BTS}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('surrogate-key')).toContain('site');
    }
  });

  it("shows a comment posted through A on B's next render", async () => {
    // B has the page cached.
    await fetch(`${B().url}${BTS}`);
    expect((await fetch(`${B().url}${BTS}`)).headers.get('x-cache')).toBe('hit');
    const article = await db.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', BTS.slice(6))
      .executeTakeFirstOrThrow();
    const posted = await fetch(`${A().url}/api/content/v1/articles/${article.id}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.20' },
      body: JSON.stringify({ name: 'Scale reader', comment: 'Posted through instance A' }),
    });
    expect(posted.status).toBe(201);
    const { comment } = (await posted.json()) as { comment: { id: number; status: string } };
    // No proof-of-work from a script: held for moderation, approved by a moderator through A.
    expect(
      (await admin(A(), 'PATCH', `/comments/${comment.id}`, { comment: { status: 'approved' } }))
        .status,
    ).toBe(200);
    await waitFor(
      async () =>
        (await (await fetch(`${B().url}${BTS}`)).text()).includes('Posted through instance A'),
      "B's render",
      5_000,
    );
    for (let i = 0; i < 3; i++) {
      expect(await (await fetch(`${nginx.url}${BTS}`)).text()).toContain(
        'Posted through instance A',
      );
    }
  });

  it('holds a rate limit reached on A on B, and through nginx', async () => {
    const article = await db.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', BTS.slice(6))
      .executeTakeFirstOrThrow();
    const post = (target: string, ip: string | undefined, comment: string) =>
      fetch(`${target}/api/content/v1/articles/${article.id}/comments`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(ip !== undefined && { 'x-forwarded-for': ip }),
        },
        body: JSON.stringify({ name: 'Hasty', comment }),
      });
    expect((await post(A().url, '198.51.100.30', 'one')).status).toBe(201);
    const onB = await post(B().url, '198.51.100.30', 'two');
    expect(onB.status).toBe(429);
    expect(onB.headers.get('retry-after')).toBe('15');
    // Through nginx (round robin: the second lands on another instance).
    expect((await post(nginx.url, undefined, 'three')).status).toBe(201);
    expect((await post(nginx.url, undefined, 'four')).status).toBe(429);
  });

  it('publishes an article scheduled for now exactly once', async () => {
    const address = receiver.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const hook = await admin(C(), 'POST', '/webhooks', {
      webhook: {
        name: 'once',
        url: `http://127.0.0.1:${address.port}/hook`,
        events: ['article.published'],
      },
    });
    expect(hook.status).toBe(201);
    const now = new Date().toISOString();
    for (let i = 0; i < 5; i++) {
      await db.db
        .insertInto('articles')
        .values({
          slug: `breaking-${i}`,
          title: `Breaking ${i}`,
          author_id: null,
          status: 'scheduled',
          published_at: now,
          feature_image_id: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    await waitFor(
      async () => deliveries.filter((d) => d.slug.startsWith('breaking-')).length >= 5,
      'five article.published deliveries',
    );
    await sleep(1_500); // every instance ticked several more times meanwhile
    const published = deliveries.filter((d) => d.slug.startsWith('breaking-')).map((d) => d.slug);
    expect(published.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `breaking-${i}`));
    for (const target of [A(), B(), C()])
      expect((await fetch(`${target.url}/news/breaking-3`)).status).toBe(200);
    // Every instance's home page lists it (the publishing instance broadcast "site").
    for (const target of [A(), B(), C()]) {
      await waitFor(
        async () => (await (await fetch(`${target.url}/`)).text()).includes('Breaking 4'),
        'home page',
      );
    }
  });

  it('keeps serving when Redis stops mid-run, and catches up when it returns', async () => {
    const article = await db.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', BTS.slice(6))
      .executeTakeFirstOrThrow();
    for (const target of instances) await fetch(`${target.url}${BTS}`);
    await redis.stop();
    for (let i = 0; i < 9; i++)
      expect((await fetch(`${nginx.url}${i % 3 === 0 ? '/' : BTS}`)).status).toBe(200);
    const posted = await fetch(`${A().url}/api/content/v1/articles/${article.id}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.40' },
      body: JSON.stringify({ name: 'Night owl', comment: 'Written while Redis was down' }),
    });
    expect(posted.status).toBe(201);
    const { comment } = (await posted.json()) as { comment: { id: number } };
    expect(
      (await admin(A(), 'PATCH', `/comments/${comment.id}`, { comment: { status: 'approved' } }))
        .status,
    ).toBe(200);
    expect(await (await fetch(`${A().url}${BTS}`)).text()).toContain(
      'Written while Redis was down',
    );
    for (let i = 0; i < 6; i++) expect((await fetch(`${nginx.url}${BTS}`)).status).toBe(200);

    await redis.start();
    for (const target of [B(), C()]) {
      await waitFor(
        async () =>
          (await (await fetch(`${target.url}${BTS}`)).text()).includes(
            'Written while Redis was down',
          ),
        'catch-up',
        20_000,
      );
    }
    for (const target of instances) {
      expect(target.stdout().match(/Redis is unreachable/g)?.length ?? 0).toBe(1);
      expect(target.stdout()).toContain('Redis is back');
      expect(target.stderr()).not.toMatch(/Unhandled|uncaught/i);
    }
    expect(nginx.log()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  });
});
