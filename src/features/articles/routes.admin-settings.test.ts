import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey, createUser } from '../auth/index.js';

/*
 * The article settings of issue 18 through the Admin API, up to the reader's page: slug (and
 * the old address's 301), SEO title and description, social image, co-authors, publication
 * date and comments; and every hostile value refused with a clear 4xx and nothing written.
 */

interface ApiArticle {
  id: number;
  slug: string;
  status: string;
  updated_at: string;
  published_at: string | null;
  seo_title: string;
  seo_description: string;
  comments_enabled: boolean;
  social_image: { id: number; src: string } | null;
  feature_image_caption: string;
  feature_image_credit: string;
  coauthors: { id: number; name: string; slug: string }[];
}

interface ApiError {
  error: { code: string; message: string; property?: string };
}

describe('Admin API: article settings', () => {
  let t: TestApp;
  let key = '';
  let picture = 0;
  let pdf = 0;
  let ana = 0;
  let ben = 0;
  let mo = 0;

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `/api/admin/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      ...(payload !== undefined && { payload: payload as object }),
    });
  const create = async (fields: Record<string, unknown>) => {
    const res = await send('POST', '/articles', { article: fields });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ article: ApiArticle }>().article;
  };
  const patch = (id: number, fields: Record<string, unknown>) =>
    send('PATCH', `/articles/${id}`, { article: fields });
  const read = async (id: number) =>
    (await send('GET', `/articles/${id}`)).json<{ article: ApiArticle }>().article;
  const text = (words: string) => [{ type: 'paragraph', content: [{ text: words }] }];

  beforeAll(async () => {
    t = await buildTestApp({ demo: false, now: new Date('2026-12-07T12:00:00Z') });
    key = (await createApiKey(t.db, t.clock, { name: 'desk', role: 'editor' })).key;
    const password = 'a long enough password 1';
    const user = async (name: string, email: string, role: string) =>
      (await createUser(t.db, t.clock, { name, email, role, password })).id;
    ana = await user('Ana Writer', 'ana@example.com', 'author');
    ben = await user('Ben Reporter', 'ben@example.com', 'editor');
    mo = await user('Mo Moderator', 'mo@example.com', 'moderator');
    const media = async (path: string, mime: string) =>
      (
        await t.db
          .insertInto('media')
          .values({
            path,
            mime,
            width: mime.startsWith('image/') ? 1200 : null,
            height: mime.startsWith('image/') ? 630 : null,
            alt: 'Lee Jae-wook at the premiere',
            created_at: '2026-12-07T10:00:00.000Z',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    picture = await media('/media/2026/12/premiere-card.jpg', 'image/jpeg');
    pdf = await media('/media/2026/12/press-kit.pdf', 'application/pdf');
  });
  afterAll(async () => {
    await t.close();
  });

  it('moves a published article to a new slug, and its old address answers 301', async () => {
    const a = await create({
      title: 'Alchemy of Souls wraps',
      body: text('Done.'),
      status: 'published',
    });
    expect(a.slug).toBe('alchemy-of-souls-wraps');
    const moved = await patch(a.id, { slug: 'alchemy-of-souls-part-2-wraps' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<{ article: ApiArticle }>().article.slug).toBe(
      'alchemy-of-souls-part-2-wraps',
    );

    const old = await t.app.inject('/news/alchemy-of-souls-wraps');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/news/alchemy-of-souls-part-2-wraps');
    expect((await t.app.inject('/news/alchemy-of-souls-part-2-wraps')).statusCode).toBe(200);

    // Renamed again: both earlier addresses lead straight to the latest, no chain.
    expect((await patch(a.id, { slug: 'the-finale' })).statusCode).toBe(200);
    for (const earlier of ['alchemy-of-souls-wraps', 'alchemy-of-souls-part-2-wraps']) {
      const res = await t.app.inject(`/news/${earlier}`);
      expect(res.statusCode).toBe(301);
      expect(res.headers.location).toBe('/news/the-finale');
    }

    // Back to an old slug: the article is there itself, not a redirect to itself.
    expect((await patch(a.id, { slug: 'alchemy-of-souls-wraps' })).statusCode).toBe(200);
    expect((await t.app.inject('/news/alchemy-of-souls-wraps')).statusCode).toBe(200);
  });

  it('leaves no old address behind for a draft, nor once the article is unpublished', async () => {
    const d = await create({ title: 'Draft with a working slug', body: text('Soon.') });
    expect((await patch(d.id, { slug: 'draft-final-slug' })).statusCode).toBe(200);
    expect((await t.app.inject('/news/draft-with-a-working-slug')).statusCode).toBe(404);

    const p = await create({ title: 'Pulled story', body: text('Oops.'), status: 'published' });
    expect((await patch(p.id, { slug: 'pulled-story-renamed' })).statusCode).toBe(200);
    expect((await patch(p.id, { status: 'draft' })).statusCode).toBe(200);
    expect((await t.app.inject('/news/pulled-story')).statusCode).toBe(404);
  });

  it('refuses a slug another article has, or one that is not a slug, and writes nothing', async () => {
    const first = await create({ title: 'Taken slug', body: text('One.') });
    const second = await create({ title: 'Wants the slug', body: text('Two.') });
    const before = await read(second.id);

    const taken = await patch(second.id, { slug: first.slug, seo_title: 'Not written' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json<ApiError>().error).toMatchObject({ code: 'conflict', property: 'slug' });

    for (const bad of ['Has Spaces', 'UPPER', 'trailing-', '../etc', 'a--b', '']) {
      const res = await patch(second.id, { slug: bad, seo_title: 'Not written' });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json<ApiError>().error.code).toBe('validation_failed');
      expect(res.json<ApiError>().error.message.length).toBeGreaterThan(10);
    }
    const after = await read(second.id);
    expect(after.slug).toBe(before.slug);
    expect(after.seo_title).toBe('');
    expect(after.updated_at).toBe(before.updated_at);
  });

  it('stores the SEO title and description and puts them in the page head', async () => {
    const a = await create({
      title: 'Lee Jae-wook on the set of Alchemy of Souls',
      dek: 'The standfirst.',
      body: text('Body.'),
      status: 'published',
      seo_title: '  Lee Jae-wook behind the scenes of Alchemy of Souls  ',
      seo_description: 'A clip from the set of Part 2, and when the next episode airs.',
    });
    expect(a.seo_title).toBe('Lee Jae-wook behind the scenes of Alchemy of Souls');
    const page = await t.app.inject(`/news/${a.slug}`);
    expect(page.body).toContain(
      '<title>Lee Jae-wook behind the scenes of Alchemy of Souls</title>',
    );
    expect(page.body).toContain(
      '<meta name="description" content="A clip from the set of Part 2, and when the next episode airs."',
    );
    expect(page.body).toContain(
      '<meta property="og:title" content="Lee Jae-wook behind the scenes of Alchemy of Souls"',
    );
    // Emptied again: the title and the standfirst are used.
    expect((await patch(a.id, { seo_title: '', seo_description: '' })).statusCode).toBe(200);
    const plain = await t.app.inject(`/news/${a.slug}`);
    expect(plain.body).toContain('<meta name="description" content="The standfirst."');
    expect(plain.body).toContain(
      '<meta property="og:title" content="Lee Jae-wook on the set of Alchemy of Souls"',
    );
  });

  it('refuses a 2,000-character SEO title or a too long description, writing nothing', async () => {
    const a = await create({ title: 'Long SEO', body: text('x') });
    for (const fields of [
      { seo_title: 'A'.repeat(2_000) },
      { seo_description: 'D'.repeat(5_000) },
    ]) {
      const res = await patch(a.id, { ...fields, title: 'Changed title' });
      expect(res.statusCode).toBe(400);
      const { error } = res.json<ApiError>();
      expect(error.code).toBe('validation_failed');
      expect(error.message).toMatch(/seo_(title|description)/);
    }
    expect((await read(a.id)).seo_title).toBe('');
    const title = await t.db
      .selectFrom('articles')
      .select('title')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(title.title).toBe('Long SEO');
  });

  it('uses the social image for link previews instead of the feature image', async () => {
    const a = await create({
      title: 'Social card',
      body: text('x'),
      status: 'published',
      social_image_id: picture,
    });
    expect(a.social_image).toMatchObject({
      id: picture,
      src: 'http://deho.test/media/2026/12/premiere-card.jpg',
    });
    const page = await t.app.inject(`/news/${a.slug}`);
    expect(page.body).toContain(
      '<meta property="og:image" content="http://deho.test/media/2026/12/premiere-card.jpg"',
    );
    expect(page.body).toContain('<meta name="twitter:card" content="summary_large_image"');
    expect((await patch(a.id, { social_image_id: null })).statusCode).toBe(200);
    expect((await t.app.inject(`/news/${a.slug}`)).body).not.toContain('og:image"');
  });

  it('puts the feature image’s caption and photo credit under it on the page', async () => {
    const a = await create({
      title: 'Premiere night',
      body: text('x'),
      status: 'published',
      feature_image_id: picture,
      feature_image_caption: 'Lee Jae-wook at the premiere in Seoul.\u202E\u0000',
      feature_image_credit: '  Photo:\n tvN ',
    });
    const saved = await read(a.id);
    expect(saved).toMatchObject({
      feature_image_caption: 'Lee Jae-wook at the premiere in Seoul.',
      feature_image_credit: 'Photo: tvN',
    });
    const html = (await t.app.inject(`/news/${a.slug}`)).body;
    expect(html).toMatch(
      /<figure class="article__figure">.*<figcaption>Lee Jae-wook at the premiere in Seoul\.<span class="figure__credit">Photo: tvN<\/span><\/figcaption><\/figure>/s,
    );
    const hostile = await patch(a.id, {
      feature_image_caption: '<img src=x onerror=alert(1)>',
      feature_image_credit: 'x'.repeat(121),
    });
    expect(hostile.statusCode).toBe(400);
    expect((await read(a.id)).feature_image_credit).toBe('Photo: tvN');
    const markup = await patch(a.id, { feature_image_caption: '<img src=x onerror=alert(1)>' });
    expect(markup.statusCode).toBe(200);
    const page = (await t.app.inject(`/news/${a.slug}`)).body;
    expect(/<figcaption>(.*?)<\/figcaption>/s.exec(page)?.[1]).toContain(
      '&lt;img src=x onerror=alert(1)>',
    );
    expect(page).not.toContain('<img src=x');
  });

  it('refuses a social image that is not an image, or not in the library', async () => {
    const a = await create({ title: 'Bad social image', body: text('x') });
    const notImage = await patch(a.id, { social_image_id: pdf });
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json<ApiError>().error).toMatchObject({
      code: 'validation_failed',
      property: 'social_image_id',
    });
    expect(notImage.json<ApiError>().error.message).toMatch(/not a picture/);
    const missing = await patch(a.id, { social_image_id: 999_999 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<ApiError>().error.property).toBe('social_image_id');
    const created = await send('POST', '/articles', {
      article: { title: 'Refused at birth', social_image_id: pdf },
    });
    expect(created.statusCode).toBe(400);
    const count = await t.db
      .selectFrom('articles')
      .select('id')
      .where('title', '=', 'Refused at birth')
      .execute();
    expect(count).toHaveLength(0);
    expect((await read(a.id)).social_image).toBeNull();
  });

  it('names co-authors in the byline and the JSON-LD author array', async () => {
    const res = await send('POST', '/articles', {
      article: { title: 'Written together', body: text('x'), status: 'published' },
    });
    const a = res.json<{ article: ApiArticle }>().article;
    // The API key has no user: the article has no author, so the co-authors make the byline.
    const two = await patch(a.id, { coauthor_ids: [ben, ana, ben] });
    expect(two.statusCode, two.body).toBe(200);
    expect(two.json<{ article: ApiArticle }>().article.coauthors.map((c) => c.name)).toEqual([
      'Ben Reporter',
      'Ana Writer',
    ]);
    const page = await t.app.inject(`/news/${a.slug}`);
    expect(page.body.replace(/<[^>]+>/g, '')).toContain('By Ben Reporter and Ana Writer');
    expect(page.body).toMatch(/<a href="\/authors\/[\w-]+" rel="author">Ana Writer<\/a>/);
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body)?.[1] ?? '';
    const data = JSON.parse(ld) as { author: { '@type': string; name: string }[] };
    expect(data.author).toEqual([
      {
        '@type': 'Person',
        name: 'Ben Reporter',
        url: expect.stringMatching(/\/authors\//) as string,
      },
      {
        '@type': 'Person',
        name: 'Ana Writer',
        url: expect.stringMatching(/\/authors\//) as string,
      },
    ]);
    expect(page.body).toContain('<meta property="article:author" content="Ana Writer"');

    // An author's own article: the author first, then the co-author.
    await t.db.updateTable('articles').set({ author_id: ana }).where('id', '=', a.id).execute();
    expect((await patch(a.id, { coauthor_ids: [ana, ben] })).statusCode).toBe(200);
    expect((await read(a.id)).coauthors.map((c) => c.id)).toEqual([ben]);
    expect((await t.app.inject(`/news/${a.slug}`)).body.replace(/<[^>]+>/g, '')).toContain(
      'By Ana Writer and Ben Reporter',
    );

    // A co-author's account is kept like an author's: the byline would lose a name.
    const admin = (await createApiKey(t.db, t.clock, { name: 'admin', role: 'admin' })).key;
    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/v1/users/${ben}`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(gone.statusCode).toBe(409);
    expect(gone.json<ApiError>().error.message).toMatch(/co-author of 1 article/);
  });

  it('refuses a co-author who does not exist or does not write, writing nothing', async () => {
    const a = await create({ title: 'Co-author checks', body: text('x'), coauthor_ids: [ana] });
    for (const ids of [[ana, 987_654], [mo]]) {
      const res = await patch(a.id, { coauthor_ids: ids, seo_title: 'Not written' });
      expect(res.statusCode).toBe(400);
      expect(res.json<ApiError>().error).toMatchObject({
        code: 'validation_failed',
        property: 'coauthor_ids',
      });
    }
    const after = await read(a.id);
    expect(after.coauthors.map((c) => c.id)).toEqual([ana]);
    expect(after.seo_title).toBe('');
    const tooMany = await patch(a.id, {
      coauthor_ids: Array.from({ length: 50 }, (_, i) => i + 1),
    });
    expect(tooMany.statusCode).toBe(400);
  });

  it('lets a co-author edit the article as their own, but not delete it', async () => {
    const a = await create({ title: 'Ben’s draft', body: text('x') });
    await t.db.updateTable('articles').set({ author_id: ben }).where('id', '=', a.id).execute();
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/session',
      payload: { email: 'ana@example.com', password: 'a long enough password 1' },
    });
    expect(session.statusCode, session.body).toBe(201);
    const asAna = {
      cookie: session.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'x-csrf-token': session.json<{ session: { csrfToken: string } }>().session.csrfToken,
    };
    const edit = () =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/admin/v1/articles/${a.id}`,
        headers: asAna,
        payload: { article: { dek: 'Ana’s standfirst' } },
      });
    expect((await edit()).statusCode).toBe(403);
    expect((await patch(a.id, { coauthor_ids: [ana] })).statusCode).toBe(200);
    expect((await edit()).statusCode).toBe(200);
    const remove = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/v1/articles/${a.id}`,
      headers: asAna,
    });
    expect(remove.statusCode).toBe(403);
  });

  it('hands an article to another author: byline, ownership and co-authors follow', async () => {
    const a = await create({
      title: 'Handed over',
      body: text('x'),
      status: 'published',
      coauthor_ids: [ana],
    });
    const res = await patch(a.id, { author_id: ana });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json<{ article: ApiArticle & { author: { id: number; name: string } } }>()
      .article;
    expect(after.author).toMatchObject({ id: ana, name: 'Ana Writer' });
    // The new author is no longer listed as a co-author of their own article.
    expect(after.coauthors).toEqual([]);
    const page = await t.app.inject(`/news/${a.slug}`);
    expect(page.body).toContain('Ana Writer');
    const created = await create({ title: 'Filed for Ben', body: text('x'), author_id: ben });
    expect((await read(created.id)) as unknown).toMatchObject({ author: { id: ben } });
  });

  it('refuses an author who does not exist or does not write, writing nothing', async () => {
    const a = await create({ title: 'Author checks', body: text('x') });
    for (const author_id of [987_654, mo, 0, -1, 'ana', null]) {
      const res = await patch(a.id, { author_id, seo_title: 'Not written' });
      expect(res.statusCode, String(author_id)).toBe(400);
    }
    expect((await read(a.id)).seo_title).toBe('');
  });

  it('lets only editors and above change who wrote an article', async () => {
    const authorKey = (await createApiKey(t.db, t.clock, { name: 'wire', role: 'author' })).key;
    const asKey = (method: 'POST' | 'PATCH', url: string, article: object) =>
      t.app.inject({
        method,
        url: `/api/admin/v1${url}`,
        headers: { authorization: `Bearer ${authorKey}` },
        payload: { article },
      });
    const forBen = await asKey('POST', '/articles', { title: 'Not mine to give', author_id: ben });
    expect(forBen.statusCode).toBe(403);
    const own = await asKey('POST', '/articles', { title: 'Wire story' });
    expect(own.statusCode).toBe(201);
    const id = own.json<{ article: { id: number } }>().article.id;
    const handOver = await asKey('PATCH', `/articles/${id}`, { author_id: ana });
    expect(handOver.statusCode).toBe(403);
    expect(handOver.json<ApiError>().error.message).toMatch(/editor/);
  });

  it('sets a published article’s date back, but not forward', async () => {
    const a = await create({ title: 'Back-dated', body: text('x'), status: 'published' });
    const back = await patch(a.id, { published_at: '2026-11-01T09:30:00+09:00' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json<{ article: ApiArticle }>().article.published_at).toBe(
      '2026-11-01T00:30:00.000Z',
    );
    const page = await t.app.inject(`/news/${a.slug}`);
    expect(page.body).toContain('datetime="2026-11-01T00:30:00.000Z"');

    const ahead = await patch(a.id, { published_at: '2027-01-01T00:00:00Z' });
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json<ApiError>().error).toMatchObject({ property: 'published_at' });
    expect(ahead.json<ApiError>().error.message).toMatch(/schedule/);
    const garbage = await patch(a.id, { published_at: 'next tuesday' });
    expect(garbage.statusCode).toBe(400);
    expect((await read(a.id)).published_at).toBe('2026-11-01T00:30:00.000Z');
  });

  it('publishes a scheduled article now, not at its time to come', async () => {
    const a = await create({
      title: 'Scheduled then rushed',
      body: text('x'),
      status: 'scheduled',
      published_at: '2026-12-24T00:00:00Z',
    });
    const now = await patch(a.id, { status: 'published' });
    expect(now.statusCode, now.body).toBe(200);
    expect(now.json<{ article: ApiArticle }>().article.published_at).toBe(
      '2026-12-07T12:00:00.000Z',
    );
    expect((await t.app.inject(`/news/${a.slug}`)).statusCode).toBe(200);
  });

  it('turns comments off: no comment form on the page', async () => {
    const a = await create({ title: 'Quiet article', body: text('x'), status: 'published' });
    expect((await t.app.inject(`/news/${a.slug}`)).body).toContain(
      'action="/news/quiet-article/comments"',
    );
    const off = await patch(a.id, { comments_enabled: false });
    expect(off.json<{ article: ApiArticle }>().article.comments_enabled).toBe(false);
    expect((await t.app.inject(`/news/${a.slug}`)).body).not.toContain(
      'action="/news/quiet-article/comments"',
    );
  });
});
