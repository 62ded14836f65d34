import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createUser } from '../auth/index.js';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from './article.revisions.js';

/*
 * Revisions (issue 18): a writer's autosaves make one revision per editing session; publishing,
 * scheduling, unpublishing, explicit saves and restores make named ones; any two compare as a
 * readable diff; a restore is a write like any other, with its version check.
 */

interface Revision {
  id: number;
  kind: string;
  label: string | null;
  created_at: string;
  saved_at: string;
  author: { id: number; name: string } | null;
}
interface ApiArticle {
  id: number;
  title: string;
  dek: string;
  updated_at: string;
  body: { type: string; content?: { text: string }[] }[];
}

describe('Admin API: revisions', () => {
  let t: TestApp;
  let now = new Date('2026-12-07T12:00:00Z');
  const later = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const MINUTE = 60_000;
  const who: Record<string, Record<string, string>> = {};

  const send = (as: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/api/admin/v1${url}`,
      headers: who[as],
      ...(payload !== undefined && { payload: payload as object }),
    });
  const text = (...paragraphs: string[]) =>
    paragraphs.map((p) => ({ type: 'paragraph', content: [{ text: p }] }));
  const revisions = async (id: number) => {
    const res = await send('ana', 'GET', `/articles/${id}/revisions`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ revisions: Revision[] }>().revisions;
  };
  const write = async (as: string, id: number, fields: Record<string, unknown>) => {
    const res = await send(as, 'PATCH', `/articles/${id}`, { article: fields });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ article: ApiArticle }>().article;
  };
  const draft = async (title: string) => {
    const res = await send('ana', 'POST', '/articles', {
      article: { title, body: text('First line.'), autosave: true },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ article: ApiArticle }>().article;
  };

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: () => now });
    const password = 'a long enough password 1';
    for (const [name, email, role] of [
      ['Ana Writer', 'ana@example.com', 'editor'],
      ['Ben Editor', 'ben@example.com', 'editor'],
    ] as const) {
      await createUser(t.db, t.clock, { name, email, role, password });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/session',
        payload: { email, password },
      });
      expect(res.statusCode, res.body).toBe(201);
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const csrf = res.json<{ session: { csrfToken: string } }>().session.csrfToken;
      who[email.split('@')[0] ?? ''] = { cookie, 'x-csrf-token': csrf };
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps one revision per editing session of autosaves', async () => {
    const a = await draft('Session test');
    for (let i = 1; i <= 20; i++) {
      later(5_000);
      await write('ana', a.id, { body: text('First line.', `Typed ${i}`), autosave: true });
    }
    let list = await revisions(a.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      kind: 'autosave',
      label: null,
      author: { name: 'Ana Writer' },
    });
    expect(Date.parse(list[0]?.saved_at ?? '') - Date.parse(list[0]?.created_at ?? '')).toBe(
      100_000,
    );
    const latest = await send('ana', 'GET', `/articles/${a.id}/revisions/${list[0]?.id}`);
    expect(JSON.stringify(latest.json())).toContain('Typed 20');

    // A pause longer than the idle time starts a new session.
    later(SESSION_IDLE_MS + MINUTE);
    await write('ana', a.id, { body: text('After lunch.'), autosave: true });
    list = await revisions(a.id);
    expect(list.map((r) => r.kind)).toEqual(['autosave', 'autosave']);

    // Someone else's autosave is theirs; the first writer's next one is a new session too.
    later(MINUTE);
    await write('ben', a.id, { title: 'Session test, edited', autosave: true });
    later(MINUTE);
    await write('ana', a.id, { dek: 'A standfirst', autosave: true });
    list = await revisions(a.id);
    expect(list.map((r) => r.author?.name)).toEqual([
      'Ana Writer',
      'Ben Editor',
      'Ana Writer',
      'Ana Writer',
    ]);
  });

  it('closes a session that runs past the longest one, even without a pause', async () => {
    const a = await draft('Marathon');
    const steps = Math.ceil(SESSION_MAX_MS / (5 * MINUTE)) + 2;
    for (let i = 0; i < steps; i++) {
      later(5 * MINUTE);
      await write('ana', a.id, { body: text(`Minute ${i * 5}`), autosave: true });
    }
    expect((await revisions(a.id)).length).toBe(2);
  });

  it('names publishing, scheduling, unpublishing and explicit saves, and never merges into them', async () => {
    const a = await draft('Named revisions');
    later(MINUTE);
    await write('ana', a.id, { body: text('Ready.') });
    later(MINUTE);
    await write('ana', a.id, { revision_label: '  Before the legal read  ' });
    later(MINUTE);
    await write('ana', a.id, { status: 'scheduled', published_at: '2026-12-24T09:00:00Z' });
    later(MINUTE);
    await write('ana', a.id, { status: 'published' });
    later(MINUTE);
    await write('ana', a.id, { body: text('Fixed a typo.'), autosave: true });
    later(MINUTE);
    await write('ana', a.id, { status: 'draft' });
    const list = await revisions(a.id);
    expect(list.map((r) => [r.kind, r.label])).toEqual([
      ['unpublish', 'Unpublished'],
      ['autosave', null],
      ['publish', 'Published'],
      ['schedule', 'Scheduled for 2026-12-24 09:00 UTC'],
      ['save', 'Before the legal read'],
      ['save', null],
      ['autosave', null],
    ]);
  });

  it('diffs any two revisions, or one with the article as it is, as readable lines', async () => {
    const a = await draft('Diff me');
    later(MINUTE);
    await write('ana', a.id, {
      body: text('First line.', 'Second line.', 'Third line.'),
      revision_label: 'Three lines',
    });
    later(MINUTE);
    await write('ana', a.id, {
      title: 'Diff me, retitled',
      body: text('First line.', 'Second line, rewritten.', 'Third line.'),
    });
    const [second, first] = await revisions(a.id);
    const res = await send(
      'ana',
      'GET',
      `/articles/${a.id}/revisions/diff?from=${first?.id}&to=${second?.id}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const { diff } = res.json<{
      diff: { lines: { kind: string; text: string }[]; added: number; removed: number };
    }>();
    expect(diff.lines).toEqual([
      { kind: 'removed', text: 'Title: Diff me' },
      { kind: 'added', text: 'Title: Diff me, retitled' },
      { kind: 'same', text: 'Standfirst: ' },
      { kind: 'same', text: 'First line.' },
      { kind: 'removed', text: 'Second line.' },
      { kind: 'added', text: 'Second line, rewritten.' },
      { kind: 'same', text: 'Third line.' },
    ]);
    expect([diff.added, diff.removed]).toEqual([2, 2]);

    const withNow = await send('ana', 'GET', `/articles/${a.id}/revisions/diff?from=${second?.id}`);
    expect(withNow.json<{ diff: { added: number; removed: number } }>().diff).toMatchObject({
      added: 0,
      removed: 0,
    });
    for (const bad of ['from=abc', 'from=1&to=-4', '', `from=${first?.id}&extra=1`]) {
      const refused = await send('ana', 'GET', `/articles/${a.id}/revisions/diff?${bad}`);
      expect(refused.statusCode, bad).toBe(400);
    }
    const other = await draft('Another article');
    const foreign = await send(
      'ana',
      'GET',
      `/articles/${other.id}/revisions/diff?from=${first?.id}`,
    );
    expect(foreign.statusCode).toBe(404);
  });

  it('restores a revision as a new named revision, with the version check', async () => {
    const a = await draft('Restore me');
    later(MINUTE);
    await write('ana', a.id, { body: text('The good version.'), revision_label: 'Good' });
    later(MINUTE);
    const spoiled = await write('ana', a.id, { title: 'Spoiled', body: text('A bad rewrite.') });
    const good = (await revisions(a.id)).find((r) => r.label === 'Good');

    // Based on an old version: refused, nothing written.
    const stale = await send('ben', 'POST', `/articles/${a.id}/revisions/${good?.id}/restore`, {
      updated_at: a.updated_at,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('conflict');

    later(MINUTE);
    const res = await send('ben', 'POST', `/articles/${a.id}/revisions/${good?.id}/restore`, {
      updated_at: spoiled.updated_at,
    });
    expect(res.statusCode, res.body).toBe(200);
    const restored = res.json<{ article: ApiArticle }>().article;
    expect(restored.title).toBe('Restore me');
    expect(restored.body).toEqual(text('The good version.'));
    const [latest] = await revisions(a.id);
    expect(latest).toMatchObject({ kind: 'restore', author: { name: 'Ben Editor' } });
    expect(latest?.label).toMatch(/^Restored the revision of 2026-12-07 /);

    const missing = await send('ben', 'POST', `/articles/${a.id}/revisions/999999/restore`, {});
    expect(missing.statusCode).toBe(404);
  });
});
