import type { DbOrTrx } from '../../db/database.js';
import { NotFound } from '../../lib/errors.js';
import { articleLines, diffLines, type DiffLine } from '../../lib/revision-diff.js';
import { parseBody } from './article.presenter.js';
import type { ArticleStatus, RevisionKind } from './article.table.js';
import type { Block } from './blocks.js';

/*
 * An article's revisions (issue 18). Publishing, scheduling, unpublishing, explicit saves and
 * restores each make a named revision. Autosaves do not pile up: the consecutive autosaves of
 * one writer make one revision per editing session, updated in place, so that two minutes of
 * typing leave one row instead of eighty. A session ends after SESSION_IDLE_MS without an
 * autosave, at any other kind of revision, when someone else saves, and after SESSION_MAX_MS
 * in any case, so that a long afternoon's work still leaves a point to go back to each hour.
 */

export const SESSION_IDLE_MS = 10 * 60_000;
export const SESSION_MAX_MS = 60 * 60_000;

/** What a write makes of its revision. */
export interface RevisionMade {
  kind: RevisionKind;
  label: string | null;
}

type Dated = { status: ArticleStatus; published_at: string | null };

/** "2026-12-08 09:00 UTC": a stored instant as a revision label shows it. */
function labelTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The kind and name of the revision a write makes, from the article before and after it:
 * a change of status names itself; otherwise it is an autosave or an explicit save.
 */
export function revisionMade(
  before: Dated | undefined,
  after: Dated,
  write: { autosave?: boolean; revision_label?: string; restored_from?: string },
): RevisionMade {
  if (write.restored_from !== undefined)
    return { kind: 'restore', label: `Restored the revision of ${labelTime(write.restored_from)}` };
  if (after.status === 'published' && before?.status !== 'published')
    return { kind: 'publish', label: 'Published' };
  if (
    after.status === 'scheduled' &&
    after.published_at !== null &&
    (before?.status !== 'scheduled' || before.published_at !== after.published_at)
  )
    return { kind: 'schedule', label: `Scheduled for ${labelTime(after.published_at)}` };
  if (
    before !== undefined &&
    (before.status === 'published' || before.status === 'scheduled') &&
    after.status === 'draft'
  )
    return { kind: 'unpublish', label: 'Unpublished' };
  if (write.autosave === true) return { kind: 'autosave', label: null };
  const label = write.revision_label?.normalize('NFC').trim() ?? '';
  return { kind: 'save', label: label === '' ? null : label };
}

/** True when an autosave by `editorId` at `now` belongs to the session of revision `last`. */
function continuesSession(
  last: {
    kind: RevisionKind;
    author_id: number | null;
    created_at: string;
    saved_at: string | null;
  },
  editorId: number | null,
  now: string,
): boolean {
  const at = Date.parse(now);
  return (
    last.kind === 'autosave' &&
    last.author_id === editorId &&
    at - Date.parse(last.saved_at ?? last.created_at) <= SESSION_IDLE_MS &&
    at - Date.parse(last.created_at) <= SESSION_MAX_MS
  );
}

/**
 * Records the article as it now stands: a new revision, or, for an autosave that continues the
 * writer's session, the session's revision brought up to date. Call inside the write's
 * transaction, after the write.
 */
export async function recordRevision(
  trx: DbOrTrx,
  articleId: number,
  editorId: number | null,
  now: string,
  made: RevisionMade,
): Promise<void> {
  const text = await trx
    .selectFrom('articles')
    .select(['title', 'dek', 'body'])
    .where('id', '=', articleId)
    .executeTakeFirstOrThrow();
  if (made.kind === 'autosave') {
    const last = await trx
      .selectFrom('article_revisions')
      .select(['id', 'kind', 'author_id', 'created_at', 'saved_at'])
      .where('article_id', '=', articleId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last !== undefined && continuesSession(last, editorId, now)) {
      await trx
        .updateTable('article_revisions')
        .set({ ...text, saved_at: now })
        .where('id', '=', last.id)
        .execute();
      return;
    }
  }
  await trx
    .insertInto('article_revisions')
    .values({
      article_id: articleId,
      ...text,
      author_id: editorId,
      kind: made.kind,
      label: made.label,
      created_at: now,
    })
    .execute();
}

async function checkArticle(db: DbOrTrx, articleId: number): Promise<void> {
  const found = await db
    .selectFrom('articles')
    .select('id')
    .where('id', '=', articleId)
    .executeTakeFirst();
  if (found === undefined) throw new NotFound(`There is no article ${articleId}.`);
}

/** The latest revisions of an article, newest first, without their text. */
export async function listRevisions(db: DbOrTrx, articleId: number, limit = 100) {
  await checkArticle(db, articleId);
  const rows = await db
    .selectFrom('article_revisions')
    .leftJoin('users', 'users.id', 'article_revisions.author_id')
    .select([
      'article_revisions.id',
      'article_revisions.title',
      'article_revisions.kind',
      'article_revisions.label',
      'article_revisions.created_at',
      'article_revisions.saved_at',
      'users.id as user_id',
      'users.name as user_name',
    ])
    .where('article_revisions.article_id', '=', articleId)
    .orderBy('article_revisions.created_at', 'desc')
    .orderBy('article_revisions.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    label: r.label,
    created_at: r.created_at,
    /** When the revision was last written (an autosave session's latest save). */
    saved_at: r.saved_at ?? r.created_at,
    author: r.user_id === null ? null : { id: r.user_id, name: r.user_name },
  }));
}

export interface RevisionText {
  id: number;
  kind: RevisionKind;
  label: string | null;
  title: string;
  dek: string;
  body: Block[];
  created_at: string;
  saved_at: string;
}

/** One revision of an article, with its text. */
export async function findRevision(
  db: DbOrTrx,
  articleId: number,
  revisionId: number,
): Promise<RevisionText> {
  const row = await db
    .selectFrom('article_revisions')
    .select(['id', 'kind', 'label', 'title', 'dek', 'body', 'created_at', 'saved_at'])
    .where('id', '=', revisionId)
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  if (row === undefined) throw new NotFound(`Article ${articleId} has no revision ${revisionId}.`);
  return { ...row, body: parseBody(row.body), saved_at: row.saved_at ?? row.created_at };
}

/**
 * What changes from revision `from` to revision `to` (or to the article as it is now), as
 * lines of text.
 */
export async function diffRevisions(
  db: DbOrTrx,
  articleId: number,
  from: number,
  to: number | undefined,
): Promise<{ lines: DiffLine[]; added: number; removed: number }> {
  const before = await findRevision(db, articleId, from);
  let after: { title: string; dek: string; body: Block[] };
  if (to === undefined) {
    const row = await db
      .selectFrom('articles')
      .select(['title', 'dek', 'body'])
      .where('id', '=', articleId)
      .executeTakeFirst();
    if (row === undefined) throw new NotFound(`There is no article ${articleId}.`);
    after = { ...row, body: parseBody(row.body) };
  } else {
    after = await findRevision(db, articleId, to);
  }
  const lines = diffLines(articleLines(before), articleLines(after));
  return {
    lines,
    added: lines.filter((l) => l.kind === 'added').length,
    removed: lines.filter((l) => l.kind === 'removed').length,
  };
}
