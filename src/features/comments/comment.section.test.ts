import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { hashToken } from './comment.defences.js';
import { loadCommentsSection, THREADS_PER_PAGE } from './comment.section.js';
import { insertArticle } from './comment.test-support.js';

/*
 * The article page loads only the threads it shows (and their replies), so these tests build an
 * article with more threads than one page holds and check what each page and order shows.
 */

const TOKEN = 'a'.repeat(32);
const STARTS = THREADS_PER_PAGE + 5;
let t: TestApp;
let article: { id: number; slug: string };
const ids = new Map<string, number>();

async function insertComment(
  name: string,
  minute: number,
  options: {
    parent?: string;
    depth?: number;
    status?: 'approved' | 'pending' | 'trash';
    on?: { id: number };
  } = {},
): Promise<void> {
  const at = new Date(Date.UTC(2026, 2, 1, 0, minute)).toISOString();
  const row = await t.db
    .insertInto('comments')
    .values({
      article_id: (options.on ?? article).id,
      parent_id: options.parent === undefined ? null : (ids.get(options.parent) ?? null),
      depth: options.depth ?? 0,
      author_name: name,
      body: `Said by ${name}.`,
      status: options.status ?? 'approved',
      edit_token_hash: options.status === 'pending' ? hashToken(TOKEN) : null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.set(name, row.id);
}

const page = async (query = '', cookie?: string) => {
  const res = await t.app.inject({
    url: `/news/${article.slug}${query}`,
    ...(cookie !== undefined && { headers: { cookie } }),
  });
  expect(res.statusCode).toBe(200);
  return res.body;
};
const shows = (html: string, name: string) => html.includes(`Said by ${name}.`);

beforeAll(async () => {
  t = await buildTestApp({ demo: false, now: new Date('2026-03-02T00:00:00Z') });
  article = await insertArticle(t.db, { slug: 'many-threads' });
  for (let i = 1; i <= STARTS; i++) await insertComment(`Start ${i}`, i * 10);
  // Replies to a thread on the second page, two levels deep, written in between other threads.
  await insertComment('Reply A', 525, { parent: 'Start 52', depth: 1 });
  await insertComment('Reply B', 526, { parent: 'Reply A', depth: 2 });
  await insertComment('Reply C', 521, { parent: 'Start 52', depth: 1 });
  await insertComment('Own pending reply', 527, {
    parent: 'Start 52',
    depth: 1,
    status: 'pending',
  });
  await insertComment('Trashed start', 5, { status: 'trash' });
  await insertComment('Reply to trashed', 6, { parent: 'Trashed start', depth: 1 });
});
afterAll(async () => {
  await t.close();
});

describe('comments section of a long discussion', () => {
  it('shows the first page of threads oldest first, with a link to the next', async () => {
    const html = await page();
    expect(shows(html, 'Start 1')).toBe(true);
    expect(shows(html, `Start ${THREADS_PER_PAGE}`)).toBe(true);
    expect(shows(html, `Start ${THREADS_PER_PAGE + 1}`)).toBe(false);
    expect(shows(html, 'Reply A')).toBe(false);
    expect(shows(html, 'Trashed start')).toBe(false);
    expect(shows(html, 'Reply to trashed')).toBe(false);
    const next = ids.get(`Start ${THREADS_PER_PAGE + 1}`);
    expect(html).toContain(`?cpage=2#comment-${next}`);
  });

  it('shows the replies of threads further down, nested and oldest first', async () => {
    const html = await page('?cpage=2');
    expect(shows(html, `Start ${STARTS}`)).toBe(true);
    expect(html).not.toContain('cpage=3');
    const at = (name: string) => html.indexOf(`Said by ${name}.`);
    expect(at('Start 52')).toBeGreaterThan(-1);
    expect(at('Reply C')).toBeGreaterThan(at('Start 52'));
    expect(at('Reply A')).toBeGreaterThan(at('Reply C'));
    expect(at('Reply B')).toBeGreaterThan(at('Reply A'));
    expect(at('Start 53')).toBeGreaterThan(at('Reply B'));
    expect(shows(html, 'Own pending reply')).toBe(false);
  });

  it("shows a commenter's own pending reply to them only", async () => {
    const html = await page('?cpage=2', `deho_commenter=${TOKEN}`);
    expect(shows(html, 'Own pending reply')).toBe(true);
  });

  it('starts from the newest thread when asked', async () => {
    const html = await page('?corder=newest');
    const at = (name: string) => html.indexOf(`Said by ${name}.`);
    expect(at(`Start ${STARTS}`)).toBeGreaterThan(-1);
    expect(at(`Start ${STARTS - 1}`)).toBeGreaterThan(at(`Start ${STARTS}`));
    expect(shows(html, 'Start 5')).toBe(false);
    expect(html).toContain(`cpage=2&amp;corder=newest#comment-${ids.get('Start 5')}`);
  });

  it('offers the reply form for a comment that is not on the first page', async () => {
    const html = await page(`?replyto=${ids.get('Reply A')}`);
    expect(html).toContain('Reply to <bdi>Reply A</bdi>');
    const hidden = await page(`?replyto=${ids.get('Trashed start')}`);
    expect(hidden).not.toContain('Reply to <bdi>');
  });
});

describe('comment dates', () => {
  it('labels each comment in the site zone with the site’s one time format (KST, not GMT+9)', async () => {
    const labelled = await insertArticle(t.db, { slug: 'labelled-discussion' });
    await insertComment('At midnight', 0, { on: labelled });
    await insertComment('A minute on', 1, { on: labelled });
    const labels = async (zone: string) => {
      const model = await loadCommentsSection(t.db, {
        articleId: labelled.id,
        articleSlug: labelled.slug,
        commentsEnabled: true,
        publishedAt: null,
        approvedCount: 2,
        now: t.clock(),
        zone,
      });
      return model.threads.map((thread) => thread.createdLabel);
    };
    // Asked twice: the second answer comes from the labels already made, and must not differ.
    for (let round = 0; round < 2; round++) {
      expect(await labels('Asia/Seoul')).toEqual([
        'Sunday 1 March 2026, 09:00 KST',
        'Sunday 1 March 2026, 09:01 KST',
      ]);
      expect(await labels('America/New_York')).toEqual([
        'Saturday 28 February 2026, 19:00 EST',
        'Saturday 28 February 2026, 19:01 EST',
      ]);
      expect(await labels('Asia/Kolkata')).toEqual([
        'Sunday 1 March 2026, 05:30 IST',
        'Sunday 1 March 2026, 05:31 IST',
      ]);
    }
  });
});

describe('comments section queries', () => {
  let queries = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      queries += 1;
      return args.result;
    },
  };
  /** Loads the section as the article page does, with the count kept on the article. */
  const load = async (on: { id: number; slug: string }, token?: string) => {
    const { comment_count } = await t.db
      .selectFrom('articles')
      .select('comment_count')
      .where('id', '=', on.id)
      .executeTakeFirstOrThrow();
    queries = 0;
    const model = await loadCommentsSection(t.db.withPlugin(counter), {
      articleId: on.id,
      articleSlug: on.slug,
      commentsEnabled: true,
      publishedAt: null,
      approvedCount: comment_count,
      now: t.clock(),
      token,
    });
    const names = (threads: typeof model.threads): string[] =>
      threads.flatMap((c) => [c.name, ...names(c.replies)]);
    return { names: names(model.threads), queries };
  };

  // The first query of every load reads the site's comment rules (closing age, edit window).
  it('reads no comments for an anonymous reader of an article without approved comments', async () => {
    const quiet = await insertArticle(t.db, { slug: 'quiet-article' });
    await insertComment('Waiting', 1, { on: quiet, status: 'pending' });
    expect(await load(quiet)).toEqual({ names: [], queries: 1 });
    // Its author still sees it: the kept count says nothing about pending comments.
    expect((await load(quiet, TOKEN)).names).toEqual(['Waiting']);
  });

  it('stops reading once every approved comment is on the page', async () => {
    const flat = await insertArticle(t.db, { slug: 'flat-discussion' });
    await insertComment('Flat 1', 1, { on: flat });
    await insertComment('Flat 2', 2, { on: flat });
    expect(await load(flat)).toEqual({ names: ['Flat 1', 'Flat 2'], queries: 2 });

    await insertComment('Flat reply', 3, { on: flat, parent: 'Flat 1', depth: 1 });
    expect(await load(flat)).toEqual({ names: ['Flat 1', 'Flat reply', 'Flat 2'], queries: 3 });

    // A reply under a trashed comment is counted but never shown: the replies are read then.
    await insertComment('Flat trashed', 4, { on: flat, status: 'trash' });
    await insertComment('Orphan', 5, { on: flat, parent: 'Flat trashed', depth: 1 });
    const withOrphan = await load(flat);
    expect(withOrphan.names).toEqual(['Flat 1', 'Flat reply', 'Flat 2']);
    expect(withOrphan.queries).toBe(3);
  });

  it('reads a thread of any depth in one statement, not one a level', async () => {
    const deep = await insertArticle(t.db, { slug: 'deep-discussion' });
    await insertComment('Level 0', 1, { on: deep });
    for (let level = 1; level <= 8; level++) {
      await insertComment(`Level ${level}`, 1 + level, {
        on: deep,
        parent: `Level ${level - 1}`,
        depth: level,
      });
    }
    // A trashed reply's own replies are not shown either.
    await insertComment('Under spam', 20, {
      on: deep,
      parent: 'Level 8',
      depth: 9,
      status: 'trash',
    });
    await insertComment('Below it', 21, { on: deep, parent: 'Under spam', depth: 10 });
    const { names, queries } = await load(deep);
    expect(names).toEqual(Array.from({ length: 9 }, (_, level) => `Level ${level}`));
    // Settings, the threads, and every reply below them.
    expect(queries).toBe(3);
  });
});
