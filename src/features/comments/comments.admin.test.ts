import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { App } from '../../context.js';
import { createApiKey } from '../auth/index.js';
import { countApprovedComments } from './index.js';
import { insertArticle, movableClock } from './comment.test-support.js';

/* The routes in the real app, behind the real Admin API guard, called with real keys of each role. */
const time = movableClock('2026-03-03T12:00:00.000Z');
let t: TestApp;
let admin: App;
let articleId: number;
const ids: number[] = [];
const keys = new Map<string, string>();

beforeAll(async () => {
  t = await buildTestApp({ demo: false, now: time.clock });
  admin = t.app;
  for (const role of ['admin', 'editor', 'author', 'contributor', 'moderator']) {
    keys.set(role, (await createApiKey(t.db, time.clock, { name: role, role })).key);
  }
  articleId = (await insertArticle(t.db)).id;
  for (const [i, body] of [
    'Great episode',
    'Buy cheap pills',
    'Seo Yul forever',
    'Another one',
  ].entries()) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/content/v1/articles/${articleId}/comments`,
      payload: { name: `Reader ${i}`, comment: body, email: `reader${i}@example.com` },
      remoteAddress: `10.9.9.${i + 1}`,
    });
    ids.push(res.json<{ comment: { id: number } }>().comment.id);
  }
});
afterAll(async () => {
  await admin.close();
  await t.close();
});

const as = (role: string | undefined) =>
  role === undefined ? {} : { authorization: `Bearer ${keys.get(role) ?? 'missing'}` };

describe('Admin API: comments', () => {
  it('refuses roles that may not moderate', async () => {
    const anonymous = await admin.inject({ method: 'GET', url: '/api/admin/v1/comments' });
    expect(anonymous.statusCode).toBe(401);
    for (const role of ['author', 'contributor']) {
      const res = await admin.inject({
        method: 'GET',
        url: '/api/admin/v1/comments',
        headers: as(role),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('forbidden');
      const patch = await admin.inject({
        method: 'PATCH',
        url: `/api/admin/v1/comments/${ids[0]}`,
        payload: { comment: { status: 'approved' } },
        headers: as(role),
      });
      expect(patch.statusCode).toBe(403);
    }
  });

  it('lists with filters, search and pagination; moderators see the e-mail', async () => {
    const res = await admin.inject({
      method: 'GET',
      url: '/api/admin/v1/comments?status=pending&limit=2',
      headers: as('moderator'),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      comments: { id: number; email: string; held_reason: string }[];
      meta: { pagination: unknown };
    }>();
    expect(body.comments).toHaveLength(2);
    expect(body.meta.pagination).toEqual({ page: 1, limit: 2, pages: 2, total: 4 });
    expect(body.comments[0]?.email).toMatch(/@example\.com$/);
    expect(body.comments[0]?.held_reason).toBe('challenge_missing');
    expect(res.body).not.toContain('client_key');
    expect(res.body).not.toContain('edit_token');
    const search = await admin.inject({
      method: 'GET',
      url: '/api/admin/v1/comments?q=PILLS',
      headers: as('admin'),
    });
    expect(search.json<{ comments: { id: number }[] }>().comments.map((c) => c.id)).toEqual([
      ids[1],
    ]);
    const like = await admin.inject({
      method: 'GET',
      url: '/api/admin/v1/comments?q=%25',
      headers: as('admin'),
    });
    expect(like.json<{ comments: unknown[] }>().comments).toEqual([]);
    const byArticle = await admin.inject({
      method: 'GET',
      url: `/api/admin/v1/comments?article_id=${articleId + 1}`,
      headers: as('admin'),
    });
    expect(byArticle.json<{ comments: unknown[] }>().comments).toEqual([]);
  });

  it('approves, marks spam, trashes by PATCH; counts follow', async () => {
    const approve = await admin.inject({
      method: 'PATCH',
      url: `/api/admin/v1/comments/${ids[0]}`,
      payload: { comment: { status: 'approved' } },
      headers: as('moderator'),
    });
    expect(approve.statusCode).toBe(200);
    expect(
      approve.json<{ comment: { status: string; approved_at: string } }>().comment,
    ).toMatchObject({ status: 'approved', approved_at: time.clock().toISOString() });
    const spam = await admin.inject({
      method: 'PATCH',
      url: `/api/admin/v1/comments/${ids[1]}`,
      payload: { comment: { status: 'spam' } },
      headers: as('editor'),
    });
    expect(spam.json<{ comment: { status: string } }>().comment.status).toBe('spam');
    const bad = await admin.inject({
      method: 'PATCH',
      url: `/api/admin/v1/comments/${ids[1]}`,
      payload: { comment: { status: 'published' } },
      headers: as('editor'),
    });
    expect(bad.statusCode).toBe(400);
    const missing = await admin.inject({
      method: 'PATCH',
      url: '/api/admin/v1/comments/99999',
      payload: { comment: { status: 'trash' } },
      headers: as('editor'),
    });
    expect(missing.statusCode).toBe(404);
    expect((await countApprovedComments(t.db, [articleId, 424242])).get(articleId)).toBe(1);
    expect((await countApprovedComments(t.db, [articleId, 424242])).get(424242)).toBe(0);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/content/v1/articles/${articleId}/comments`,
    });
    expect(list.json<{ comments: { id: number }[] }>().comments.map((c) => c.id)).toEqual([ids[0]]);
  });

  it('bulk-changes and deletes', async () => {
    const bulk = await admin.inject({
      method: 'POST',
      url: '/api/admin/v1/comments/bulk',
      payload: { ids: [ids[2], ids[3]], action: 'approve' },
      headers: as('moderator'),
    });
    expect(bulk.json()).toEqual({ meta: { affected: 2 } });
    expect((await countApprovedComments(t.db, [articleId])).get(articleId)).toBe(3);
    const del = await admin.inject({
      method: 'DELETE',
      url: `/api/admin/v1/comments/${ids[3]}`,
      headers: as('moderator'),
    });
    expect(del.statusCode).toBe(204);
    expect(
      (
        await admin.inject({
          method: 'GET',
          url: `/api/admin/v1/comments/${ids[3]}`,
          headers: as('moderator'),
        })
      ).statusCode,
    ).toBe(404);
    const bulkDelete = await admin.inject({
      method: 'POST',
      url: '/api/admin/v1/comments/bulk',
      payload: { ids: [ids[2]], action: 'delete' },
      headers: as('moderator'),
    });
    expect(bulkDelete.json()).toEqual({ meta: { affected: 1 } });
  });
});
