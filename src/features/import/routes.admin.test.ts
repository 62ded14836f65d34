import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { projectRoot } from '../../lib/paths.js';
import { createApiKey, createUser } from '../auth/index.js';

const XML = fs.readFileSync(
  path.join(projectRoot(), 'test', 'fixtures', 'wordpress', 'export.xml'),
);
const BASE = '/api/admin/v1';

describe('Admin API: WordPress upload and export', () => {
  let t: TestApp;
  const headers: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    for (const role of ['admin', 'editor']) {
      headers[role] = {
        authorization: `Bearer ${(await createApiKey(t.db, t.clock, { name: role, role })).key}`,
      };
    }
    await createUser(t.db, t.clock, {
      email: 'owner@example.com',
      name: 'Owner',
      role: 'owner',
      password: 'owner password 1',
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      payload: { email: 'owner@example.com', password: 'owner password 1' },
    });
    const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
    const csrf = res.json<{ session: { csrfToken: string } }>().session.csrfToken;
    headers.owner = { cookie, 'x-csrf-token': csrf };
  });
  afterAll(async () => t.close());

  const upload = (who: string, body: Buffer | string) =>
    t.app.inject({
      method: 'POST',
      url: `${BASE}/imports/wordpress`,
      headers: { ...headers[who], 'content-type': 'application/xml' },
      payload: body,
    });

  it('is refused to staff below admin, and to nobody signed in', async () => {
    expect((await upload('editor', XML)).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `${BASE}/imports/wordpress`,
      headers: { 'content-type': 'application/xml' },
      payload: XML,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses bad input with a clear JSON error', async () => {
    const res = await upload('admin', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><rss/>');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'validation_failed', message: expect.stringMatching(/DOCTYPE/) as unknown },
    });
  });

  it('imports an upload; the old addresses redirect at once', async () => {
    const res = await upload('admin', XML);
    expect(res.statusCode).toBe(200);
    const report = res.json<{
      import: { counts: { articles: { created: number } }; skipped: { reason: string }[] };
    }>().import;
    expect(report.counts.articles.created).toBe(7);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'no --uploads folder was given' }),
      ]),
    );
    // A site that had not named itself takes the blog's title, on the pages at once.
    expect((await t.app.inject('/')).body).toContain('K-Drama Daily');
    const old = await t.app.inject('/2022/12/20/alchemy-of-souls-bts/');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/news/alchemy-of-souls-bts');
    expect(fs.existsSync(path.join(t.handle.dataDir, 'tmp'))).toBe(true);
    expect(fs.readdirSync(path.join(t.handle.dataDir, 'tmp'))).toEqual([]);
  });

  it('lets only the owner download the export', async () => {
    expect((await t.app.inject({ url: `${BASE}/export`, headers: headers.admin })).statusCode).toBe(
      403,
    );
    const res = await t.app.inject({ url: `${BASE}/export`, headers: headers.owner });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="deho-export.json"');
    const doc = res.json<{ format: string; version: number; tables: { name: string }[] }>();
    expect(doc.format).toBe('deho-export');
    expect(doc.tables.map((x) => x.name)).toContain('articles');
  });
});

describe('Admin API: a WordPress upload that fails part of the way', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
  });
  afterAll(async () => t.close());

  /** The fixture's channel, 101 short posts (one batch and one more), then a cut-off item. */
  function brokenExport(): string {
    const text = XML.toString('utf8');
    const head = text.slice(0, text.indexOf('<item>'));
    const items = Array.from(
      { length: 101 },
      (_, i) => `<item>
  <title><![CDATA[Casting roundup ${i + 1}]]></title>
  <link>https://kdrama.example/2021/05/01/casting-roundup-${i + 1}/</link>
  <dc:creator><![CDATA[editor]]></dc:creator>
  <content:encoded><![CDATA[<p>Who joins which drama this week, part ${i + 1}.</p>]]></content:encoded>
  <wp:post_id>${5000 + i}</wp:post_id>
  <wp:post_date_gmt><![CDATA[2021-05-01 09:00:00]]></wp:post_date_gmt>
  <wp:post_name><![CDATA[casting-roundup-${i + 1}]]></wp:post_name>
  <wp:status><![CDATA[publish]]></wp:status>
  <wp:post_type><![CDATA[post]]></wp:post_type>
</item>`,
    );
    return `${head}${items.join('\n')}\n<item><title><![CDATA[Cut off in the mid`;
  }

  it('answers the old addresses of the batches it committed before the failure', async () => {
    const { key } = await createApiKey(t.db, t.clock, { name: 'admin', role: 'admin' });
    const old = '/2021/05/01/casting-roundup-1/';
    // Read once before the import: the site had no old addresses then.
    expect((await t.app.inject(old)).statusCode).toBe(404);
    const res = await t.app.inject({
      method: 'POST',
      url: `${BASE}/imports/wordpress`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
      payload: brokenExport(),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const kept = await t.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(kept.n)).toBeGreaterThanOrEqual(100);
    const moved = await t.app.inject(old);
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/news/casting-roundup-1');
  });
});
