import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

/*
 * The newsroom's tags (issue 19): list with counts, rename, describe, merge (the old tag URL
 * answers 301 to the tag it went into), delete; and Hangul names with Unicode tag URLs
 * (issues 19 and 21: `"tags": ["드라마"]` used to be refused).
 */
const BASE = '/api/admin/v1';
let t: TestApp;
const keys: Record<string, string> = {};
const as = (role: string) => ({ authorization: `Bearer ${keys[role] ?? ''}` });

interface TagJson {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  article_count: number;
  url: string;
}

beforeAll(async () => {
  t = await buildTestApp({ demo: false, now: new Date('2026-11-26T12:00:00Z') });
  for (const role of ['editor', 'author']) {
    keys[role] = (await createApiKey(t.db, t.clock, { name: role, role })).key;
  }
});
afterAll(async () => {
  await t.close();
});

async function publish(title: string, tags: string[]) {
  const res = await t.app.inject({
    method: 'POST',
    url: `${BASE}/articles`,
    headers: as('editor'),
    payload: { article: { title, html: '<p>Text.</p>', status: 'published', tags } },
  });
  return res;
}

async function tagBySlug(slug: string): Promise<TagJson> {
  const res = await t.app.inject({
    url: `${BASE}/tags?q=${encodeURIComponent(slug)}`,
    headers: as('editor'),
  });
  const found = res.json<{ tags: TagJson[] }>().tags.find((tag) => tag.slug === slug);
  if (found === undefined) throw new Error(`no tag ${slug}`);
  return found;
}

describe('Hangul tag names', () => {
  it('accepts a Korean tag and serves it at its Unicode URL', async () => {
    const res = await publish('A drama news story', ['드라마', 'Alchemy of Souls']);
    expect(res.statusCode).toBe(201);
    const tags = res.json<{ article: { tags: { slug: string; name: string }[] } }>().article.tags;
    expect(tags).toEqual([
      expect.objectContaining({ slug: '드라마', name: '드라마' }),
      expect.objectContaining({ slug: 'alchemy-of-souls' }),
    ]);
    const page = await t.app.inject({ url: `/tags/${encodeURIComponent('드라마')}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('A drama news story');
  });

  it('still refuses a tag with no letter or digit at all', async () => {
    const res = await publish('Punctuation only', ['!!!']);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { property: string } }>().error.property).toBe('tags');
  });
});

describe('tag management', () => {
  it('lists tags with their article counts and URLs', async () => {
    await publish('Casting one', ['Casting News', 'Lee Jae-wook']);
    await publish('Casting two', ['Casting', 'Lee Jae-wook']);
    const tag = await tagBySlug('lee-jae-wook');
    expect(tag).toMatchObject({ name: 'Lee Jae-wook', article_count: 2 });
    expect(tag.url).toBe('http://deho.test/tags/lee-jae-wook');
  });

  it('renames and describes a tag; a new slug keeps the old URL working', async () => {
    const tag = await tagBySlug('casting-news');
    const res = await t.app.inject({
      method: 'PATCH',
      url: `${BASE}/tags/${tag.id}`,
      headers: as('editor'),
      payload: {
        tag: { name: 'Casting news', slug: 'casting-updates', description: 'Who plays whom.' },
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ tag: TagJson }>().tag).toMatchObject({
      name: 'Casting news',
      slug: 'casting-updates',
      description: 'Who plays whom.',
    });
    const old = await t.app.inject({ url: '/tags/casting-news' });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/tags/casting-updates');
    const page = await t.app.inject({ url: '/tags/casting-updates' });
    expect(page.body).toContain('Who plays whom.');
  });

  it('refuses a slug another tag has, and roles that may not manage tags', async () => {
    const tag = await tagBySlug('casting-updates');
    const taken = await t.app.inject({
      method: 'PATCH',
      url: `${BASE}/tags/${tag.id}`,
      headers: as('editor'),
      payload: { tag: { slug: 'lee-jae-wook' } },
    });
    expect(taken.statusCode).toBe(409);
    const author = await t.app.inject({
      method: 'PATCH',
      url: `${BASE}/tags/${tag.id}`,
      headers: as('author'),
      payload: { tag: { name: 'Nope' } },
    });
    expect(author.statusCode).toBe(403);
  });

  it('merges a tag into another: its articles move, its old URL redirects', async () => {
    const from = await tagBySlug('casting-updates');
    const into = await tagBySlug('casting');
    const res = await t.app.inject({
      method: 'POST',
      url: `${BASE}/tags/${from.id}/merge`,
      headers: as('editor'),
      payload: { into: into.id },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ tag: TagJson }>().tag).toMatchObject({ id: into.id, article_count: 2 });
    for (const old of ['/tags/casting-updates', '/tags/casting-news']) {
      const moved = await t.app.inject({ url: old });
      expect(moved.statusCode, old).toBe(301);
      expect(moved.headers.location).toBe('/tags/casting');
    }
    const self = await t.app.inject({
      method: 'POST',
      url: `${BASE}/tags/${into.id}/merge`,
      headers: as('editor'),
      payload: { into: into.id },
    });
    expect(self.statusCode).toBe(400);
  });

  it('files a tag typed by its old name under the tag it went into, once', async () => {
    // "Casting news" (casting-news) was renamed to casting-updates, then merged into casting.
    const res = await publish('Who joins the cast', ['Casting news', 'Casting', 'casting updates']);
    expect(res.statusCode).toBe(201);
    const tags = res.json<{ article: { tags: { slug: string }[] } }>().article.tags;
    expect(tags.map((tag) => tag.slug)).toEqual(['casting']);
    for (const old of ['/tags/casting-news', '/tags/casting-updates']) {
      const moved = await t.app.inject({ url: old });
      expect(moved.statusCode, old).toBe(301);
    }
    expect((await tagBySlug('casting')).article_count).toBe(3);
  });

  it('deletes a tag: its page is gone, its articles stay', async () => {
    const tag = await tagBySlug('casting');
    const res = await t.app.inject({
      method: 'DELETE',
      url: `${BASE}/tags/${tag.id}`,
      headers: as('editor'),
    });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/tags/casting' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/tags/casting-news' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/news/casting-one' })).statusCode).toBe(200);
  });
});

describe('a Hangul tag feed', () => {
  it('answers at the Unicode URL', async () => {
    const res = await t.app.inject({ url: `/tags/${encodeURIComponent('드라마')}/feed.xml` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('A drama news story');
  });
});

describe('POST /tags: a tag made on the Tags screen, before any article carries it', () => {
  const create = (tag: unknown, role = 'editor') =>
    t.app.inject({
      method: 'POST',
      url: `${BASE}/tags`,
      headers: as(role),
      payload: { tag } as object,
    });

  it('makes the tag with its slug from the name, or the one given, and a description', async () => {
    const made = await create({ name: '  Variety Shows ', description: ' Weekend TV. ' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json<{ tag: TagJson }>().tag).toMatchObject({
      name: 'Variety Shows',
      slug: 'variety-shows',
      description: 'Weekend TV.',
      article_count: 0,
      url: 'http://deho.test/tags/variety-shows',
    });
    const korean = await create({ name: '예능', slug: '예능 프로그램' });
    expect(korean.statusCode, korean.body).toBe(201);
    expect(korean.json<{ tag: TagJson }>().tag.slug).toBe('예능-프로그램');
    // An article tagged with the name later carries this tag, not a copy.
    await publish('Weekend ratings', ['Variety Shows']);
    expect((await tagBySlug('variety-shows')).article_count).toBe(1);
  });

  it('refuses a taken or moved address, a blank or hostile name, and authors, writing nothing', async () => {
    const before = await t.db
      .selectFrom('tags')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const taken = await create({ name: 'Variety shows' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json<{ error: { message: string } }>().error.message).toMatch(
      /Variety Shows.*\/tags\/variety-shows/,
    );
    const old = await tagBySlug('variety-shows');
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `${BASE}/tags/${old.id}`,
          headers: as('editor'),
          payload: { tag: { slug: 'variety' } },
        })
      ).statusCode,
    ).toBe(200);
    const moved = await create({ name: 'Variety Shows' });
    expect(moved.statusCode).toBe(409);
    expect(moved.json<{ error: { message: string } }>().error.message).toMatch(/leads to/);

    for (const [tag, property] of [
      [{ name: '   ' }, 'name'],
      [{ name: '!!!' }, 'slug'],
      [{ name: 'Fine', slug: '///' }, 'slug'],
      [{ name: 'x'.repeat(61) }, 'tag.name'],
      [{ name: 'Fine', extra: 1 }, 'tag.extra'],
      [{ name: 12 }, 'tag.name'],
    ] as const) {
      const res = await create(tag);
      expect(res.statusCode, JSON.stringify(tag)).toBe(400);
      expect(res.json<{ error: { property?: string } }>().error.property).toBe(property);
    }
    const script = await create({ name: '<script>alert(1)</script>' });
    expect(script.statusCode).toBe(201);
    expect(script.json<{ tag: TagJson }>().tag.slug).toBe('script-alert-1-script');
    const page = await t.app.inject('/tags/script-alert-1-script');
    expect(page.body).not.toContain('<script>alert(1)</script>');

    expect((await create({ name: 'By an author' }, 'author')).statusCode).toBe(403);
    const after = await t.db
      .selectFrom('tags')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });
});
