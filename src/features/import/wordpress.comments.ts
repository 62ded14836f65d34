import type { DbOrTrx } from '../../db/database.js';
import type { CommentStatus } from '../comments/index.js';
import * as batch from './import.batch.js';
import type * as repo from './import.repository.js';
import { wpDate, type WpComment, type WpItem } from './wxr-model.js';
import { htmlToPlainText } from './wordpress.text.js';

/*
 * A post's WordPress comments → Deho comments, threads kept at any depth: every reply is stored
 * under the comment it answers (the article page nests them as WordPress's thread depth does).
 * A comment imported before is left as it is now (a moderator may have changed it since).
 */

export interface ReportSink {
  skip(item: string, reason: string): void;
  note(text: string): void;
  count(what: 'comments', outcome: 'created' | 'updated' | 'unchanged'): void;
}

const STATUS: Readonly<Record<string, CommentStatus>> = {
  '1': 'approved',
  approve: 'approved',
  '0': 'pending',
  hold: 'pending',
  spam: 'spam',
  trash: 'trash',
  'post-trashed': 'trash',
};

/**
 * A comment's place in its thread: a row that exists (`ref.id`), or one this run inserts at the
 * end (`ref.index` in its list), and its depth (a reply is one deeper than its parent).
 */
interface Placed {
  ref: { id: number } | { index: number };
  depth: number;
}

/** What placing comments needs to know about the site beyond the post. */
export interface CommentContext {
  /** The site's offset from UTC in ms (for comments without a GMT date), if known. */
  utcOffsetMs: number | undefined;
  /** The Deho user a WordPress account (wp:author_id) became. */
  userFor(wpUserId: string): number | undefined;
}

/** A comment's instant: its GMT date, else its local date read in the site's zone. */
function commentInstant(comment: WpComment, offsetMs: number | undefined): string | null {
  if (comment.date !== null) return comment.date;
  const local = wpDate(comment.localDate);
  if (local === null) return null;
  return new Date(Date.parse(local) - (offsetMs ?? 0)).toISOString();
}

/** A commenter's website when it is an http(s) URL a reader can follow. */
function websiteOf(url: string): string | null {
  const trimmed = url.trim();
  return /^https?:\/\/[^\s"<>]+$/i.test(trimmed) && trimmed.length <= 2_000 ? trimmed : null;
}

/**
 * Places a post's comments: the rows imported before are looked up in one query, and the new
 * ones inserted together at the end (import.batch.ts), not three round trips each.
 */
export async function importComments(
  sink: ReportSink,
  trx: DbOrTrx,
  item: WpItem,
  articleId: number,
  keyBase: repo.SourceKey,
  now: string,
  context: CommentContext,
): Promise<void> {
  const byId = new Map(item.comments.map((c) => [c.id, c]));
  const sources = await batch.findSources(
    trx,
    keyBase,
    item.comments.map((c) => c.id),
  );
  const known = await batch.commentPlaces(
    trx,
    [...sources.values()].map((s) => s.entityId),
  );
  const placed = new Map<string, Placed | null>();
  const fresh: batch.NewComment[] = [];
  const freshSources: string[] = [];

  const place = async (comment: WpComment, trail: Set<string>): Promise<Placed | null> => {
    const done = placed.get(comment.id);
    if (done !== undefined) return done;
    const label = `comment ${comment.id} on "${item.title}"`;
    const type = comment.type === '' ? 'comment' : comment.type;
    const status = STATUS[comment.approved];
    let result: Placed | null = null;
    if (type !== 'comment') sink.skip(label, `it is a ${type}, not a comment`);
    else if (status === undefined) sink.skip(label, `its status "${comment.approved}" is unknown`);
    else {
      const earlier = sources.get(comment.id);
      const row = earlier === undefined ? undefined : known.get(earlier.entityId);
      if (row) {
        sink.count('comments', 'unchanged');
        result = { ref: { id: row.id }, depth: row.depth };
      } else {
        let parent: Placed | null = null;
        const parentSource =
          comment.parent !== '0' && comment.parent !== '' ? byId.get(comment.parent) : undefined;
        if (parentSource && !trail.has(parentSource.id)) {
          parent = await place(parentSource, new Set([...trail, comment.id]));
        } else if (comment.parent !== '0' && comment.parent !== '') {
          sink.note(
            `${label}: it answered comment ${comment.parent}, which is not in the export; it is a top-level comment now.`,
          );
        }
        const created = commentInstant(comment, context.utcOffsetMs) ?? item.date ?? now;
        const userId =
          comment.userId !== '' && comment.userId !== '0'
            ? (context.userFor(comment.userId) ?? null)
            : null;
        const depth = parent === null ? 0 : parent.depth + 1;
        const body = htmlToPlainText(comment.content);
        fresh.push({
          parent: parent?.ref ?? null,
          values: {
            article_id: articleId,
            depth,
            author_name: (comment.author || 'Anonymous').slice(0, 100),
            author_email: comment.email === '' ? null : comment.email.slice(0, 254),
            user_id: userId,
            author_url: websiteOf(comment.url),
            body: body === '' ? '…' : body,
            status,
            held_reason: status === 'pending' ? 'Pending in WordPress when imported.' : null,
            client_key: null,
            edit_token_hash: null,
            approved_at: status === 'approved' ? created : null,
            created_at: created,
            updated_at: created,
          },
        });
        freshSources.push(comment.id);
        sink.count('comments', 'created');
        result = { ref: { index: fresh.length - 1 }, depth };
      }
    }
    placed.set(comment.id, result);
    return result;
  };

  const ordered = [...item.comments].sort((a, b) => Number(a.id) - Number(b.id));
  for (const comment of ordered) await place(comment, new Set());
  const ids = await batch.insertComments(trx, fresh);
  await batch.recordSources(
    trx,
    ids.map((entityId, i) => ({ key: { ...keyBase, sourceId: freshSources[i] ?? '' }, entityId })),
    now,
  );
}
