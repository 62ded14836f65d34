import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

/*
 * An API key of a writing role owns the articles it creates (a newcomer's finding: an author or
 * contributor key could create a draft and then never save it again, since "own" needed a user).
 * Another key of the same role does not own them, and a key owns nothing a person wrote.
 */
const BASE = '/api/admin/v1';

describe('articles created by an API key', () => {
  let t: TestApp;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    for (const [name, role] of [
      ['author', 'author'],
      ['otherAuthor', 'author'],
      ['contributor', 'contributor'],
    ] as const) {
      keys[name] = (await createApiKey(t.db, t.clock, { name, role })).key;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (key: string, method: 'POST' | 'PATCH' | 'DELETE', url: string, article?: object) =>
    t.app.inject({
      method,
      url: `${BASE}${url}`,
      headers: { authorization: `Bearer ${key}` },
      ...(article === undefined ? {} : { payload: { article } }),
    });

  const create = async (key: string, article: object) => {
    const res = await call(key, 'POST', '/articles', article);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ article: { id: number } }>().article.id;
  };

  it('lets an author key edit, publish and fix what it created', async () => {
    const id = await create(keys.author!, { title: 'Wire copy: Lovely Runner ratings' });
    const edited = await call(keys.author!, 'PATCH', `/articles/${id}`, {
      dek: 'Episode 16 set a record.',
      status: 'published',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ article: { status: 'published' } });
    const fixed = await call(keys.author!, 'PATCH', `/articles/${id}`, {
      title: 'Lovely Runner ratings hit a record',
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
  });

  it('lets a contributor key keep working on its draft, and not publish it', async () => {
    const id = await create(keys.contributor!, { title: 'Draft from the wire' });
    const saved = await call(keys.contributor!, 'PATCH', `/articles/${id}`, { dek: 'More.' });
    expect(saved.statusCode, saved.body).toBe(200);
    const published = await call(keys.contributor!, 'PATCH', `/articles/${id}`, {
      status: 'published',
    });
    expect(published.statusCode).toBe(403);
    const deleted = await call(keys.contributor!, 'DELETE', `/articles/${id}`);
    expect(deleted.statusCode).toBe(204);
  });

  it('does not let another key of the same role change it', async () => {
    const id = await create(keys.author!, { title: 'Owned by the first key' });
    const res = await call(keys.otherAuthor!, 'PATCH', `/articles/${id}`, { dek: 'Taken over' });
    expect(res.statusCode).toBe(403);
    expect((await call(keys.otherAuthor!, 'DELETE', `/articles/${id}`)).statusCode).toBe(403);
  });

  it('gives a key nothing a person wrote', async () => {
    const row = await t.db
      .insertInto('articles')
      .values({
        slug: 'a-persons-draft',
        title: 'A person’s draft',
        author_id: null,
        status: 'draft',
        published_at: null,
        feature_image_id: null,
        created_at: t.clock().toISOString(),
        updated_at: t.clock().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await call(keys.author!, 'PATCH', `/articles/${row.id}`, { dek: 'Mine now?' });
    expect(res.statusCode).toBe(403);
  });
});
