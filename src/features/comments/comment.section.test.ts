import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { hashToken } from './comment.defences.js';
import { THREADS_PER_PAGE } from './comment.section.js';
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
  options: { parent?: string; depth?: number; status?: 'approved' | 'pending' | 'trash' } = {},
): Promise<void> {
  const at = new Date(Date.UTC(2026, 2, 1, 0, minute)).toISOString();
  const row = await t.db
    .insertInto('comments')
    .values({
      article_id: article.id,
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
