import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

/* The admin's WordPress upload with progress: one JSON line per step, then the report. */
const URL = '/api/admin/v1/imports/wordpress/progress';
let t: TestApp;
const keys: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp({ demo: false });
  for (const role of ['admin', 'editor'])
    keys[role] = (await createApiKey(t.db, t.clock, { name: role, role })).key;
});
afterAll(async () => {
  await t.close();
});

const upload = (role: string, payload: string | Buffer) =>
  t.app.inject({
    method: 'POST',
    url: URL,
    headers: { authorization: `Bearer ${keys[role] ?? ''}`, 'content-type': 'application/xml' },
    payload,
  });

describe('POST /imports/wordpress/progress', () => {
  it('streams progress lines, then the report of the same engine as the CLI', async () => {
    const res = await upload('admin', fs.readFileSync('test/fixtures/wordpress/export.xml'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; report?: { counts: object } });
    expect(lines[0]?.type).toBe('uploaded');
    expect(lines.filter((l) => l.type === 'progress').length).toBeGreaterThan(0);
    expect(lines[lines.length - 1]?.type).toBe('done');
    expect(lines[lines.length - 1]?.report?.counts).toHaveProperty('articles');
    const imported = await t.db.selectFrom('articles').select('id').execute();
    expect(imported.length).toBeGreaterThan(0);
  });

  it('ends with a readable error line for a file that is not an export', async () => {
    const res = await upload('admin', '<html><body>not an export</body></html>');
    const last = JSON.parse(res.body.trim().split('\n').pop() ?? '{}') as {
      type: string;
      error: { message: string };
    };
    expect(last.type).toBe('error');
    expect(last.error.message).not.toBe('');
  });

  it('is for owners and admins only', async () => {
    expect((await upload('editor', '<rss/>')).statusCode).toBe(403);
  });
});
