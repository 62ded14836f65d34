import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { projectRoot } from '../../lib/paths.js';
import { importWordpress } from './wordpress.import.js';

/*
 * WordPress threads replies as deep as its "thread comments N levels deep" setting (5 by
 * default; 3+ level threads are common). The import keeps every reply under the comment it
 * answers, and the article page shows the threads nested as WordPress does: five levels, the
 * deeper replies listed beside their parent, saying whom they answer, in the order of the talk.
 */

const FIXTURES = path.join(projectRoot(), 'test', 'fixtures', 'wordpress');

/** The comment `<li>` elements of a page, in document order, with their nesting level. */
function commentItems(html: string) {
  const doc = parseDocument(html);
  const items = DomUtils.findAll(
    (el) => el.name === 'li' && el.attribs['data-comment-id'] !== undefined,
    doc.children,
  );
  const levelOf = (el: Element): number => {
    let level = -1;
    for (let up = el.parent; up !== null; up = up.parent) {
      if ((up as Element).name === 'ol') level++;
    }
    return level;
  };
  return items.map((el) => ({
    name: DomUtils.textContent(
      DomUtils.findOne((e) => e.attribs.class === 'comment__author', el.children) ?? el,
    ),
    level: levelOf(el),
    inReplyTo: DomUtils.findOne(
      (e) => e.attribs.class === 'comment__in-reply-to',
      [DomUtils.findOne((e) => e.name === 'header', el.children) ?? el],
    ),
  }));
}

describe('WordPress reply threads of any depth', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await buildTestApp({ demo: false, now: new Date('2026-12-08T00:00:00Z') });
  });
  afterEach(async () => {
    await t.close();
  });

  const importFixture = (name: string) =>
    importWordpress(t.db, t.clock, {
      file: path.join(FIXTURES, name),
      dataDir: t.handle.dataDir,
      uploadsDir: path.join(FIXTURES, 'uploads'),
    });

  const comments = async () => {
    const rows = await t.db
      .selectFrom('comments')
      .select(['id', 'parent_id', 'depth', 'author_name'])
      .orderBy('id')
      .execute();
    const idOf = new Map(rows.map((r) => [r.author_name, r.id]));
    const nameOf = new Map(rows.map((r) => [r.id, r.author_name]));
    return {
      idOf,
      threads: rows.map((r) => [
        r.author_name,
        r.parent_id === null ? null : nameOf.get(r.parent_id),
        r.depth,
      ]),
    };
  };

  it('keeps the fourth level of a thread under the comment it answers', async () => {
    const report = await importFixture('export.xml');
    const { threads } = await comments();
    expect(threads).toEqual(
      expect.arrayContaining([
        ['Soyeon', null, 0],
        ['Mina Park', 'Soyeon', 1],
        ['민지', 'Mina Park', 2],
        ['Deep reply', '민지', 3],
      ]),
    );
    expect(report.notes.filter((note) => /level up|deeper than/.test(note))).toEqual([]);
  });

  it('keeps a seven-level thread whole, whatever the order of the file', async () => {
    const report = await importFixture('threads.xml');
    expect(report.counts.comments).toEqual({ created: 9, updated: 0, unchanged: 0 });
    const { threads } = await comments();
    expect(new Set(threads.map((row) => JSON.stringify(row)))).toEqual(
      new Set(
        [
          ['Ara', null, 0],
          ['Bora', 'Ara', 1],
          ['Chaeyoung', 'Bora', 2],
          ['Dami', 'Chaeyoung', 3],
          ['Eunji', 'Dami', 4],
          ['Fany', 'Eunji', 5],
          ['Gaeun', 'Fany', 6],
          ['Hana', 'Dami', 4],
          ['Iseul', null, 0],
        ].map((row) => JSON.stringify(row)),
      ),
    );
    // A second import finds every comment where the first put it.
    const again = await importFixture('threads.xml');
    expect(again.counts.comments).toEqual({ created: 0, updated: 0, unchanged: 9 });
  });

  it('shows five levels nested and the deeper replies beside their parent, saying whom they answer', async () => {
    await importFixture('threads.xml');
    const res = await t.app.inject({ url: '/news/episode-16-ending' });
    expect(res.statusCode).toBe(200);
    const items = commentItems(res.body);
    expect(items.map((c) => [c.name, c.level])).toEqual([
      ['Ara', 0],
      ['Bora', 1],
      ['Chaeyoung', 2],
      ['Dami', 3],
      ['Eunji', 4],
      // Sixth and seventh levels: at the fifth, right after the reply they answer.
      ['Fany', 4],
      ['Gaeun', 4],
      // Answers Dami, written after the deeper exchange under Eunji.
      ['Hana', 4],
      ['Iseul', 0],
    ]);
    const said = (name: string) => {
      const item = items.find((c) => c.name === name);
      return item?.inReplyTo ? DomUtils.textContent(item.inReplyTo).trim() : null;
    };
    expect(said('Fany')).toBe('in reply to Eunji');
    expect(said('Gaeun')).toBe('in reply to Fany');
    expect(said('Eunji')).toBeNull();
    expect(said('Hana')).toBeNull();
    const { idOf } = await comments();
    expect(res.body).toContain(`<a href="#comment-${idOf.get('Eunji')}"><bdi>Eunji</bdi></a>`);
    // Every comment can be answered, the deepest too (stored under it, shown beside it).
    expect(res.body).toContain(`?replyto=${idOf.get('Gaeun')}#comment-form`);
  });

  it('gives each comment its parent in the Content API', async () => {
    await importFixture('threads.xml');
    const article = await t.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'episode-16-ending')
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({ url: `/api/content/v1/articles/${article.id}/comments` });
    expect(res.statusCode).toBe(200);
    const listed = res.json<{ comments: { id: number; parent_id: number | null }[] }>().comments;
    const { idOf } = await comments();
    const parentOf = new Map(listed.map((c) => [c.id, c.parent_id]));
    expect(parentOf.get(idOf.get('Gaeun') ?? 0)).toBe(idOf.get('Fany'));
    expect(parentOf.get(idOf.get('Fany') ?? 0)).toBe(idOf.get('Eunji'));
    expect(parentOf.get(idOf.get('Hana') ?? 0)).toBe(idOf.get('Dami'));
    expect(listed).toHaveLength(9);
  });
});
