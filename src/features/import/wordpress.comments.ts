import type { DbOrTrx } from '../../db/database.js';
import type { CommentStatus } from '../comments/index.js';
import * as repo from './import.repository.js';
import { wpDate, type WpComment, type WpItem } from './wxr-model.js';
import { htmlToPlainText } from './wordpress.text.js';

/*
 * A post's WordPress comments → Deho comments, threads kept. Deho shows replies two levels
 * deep; a deeper WordPress reply is attached to its nearest ancestor at that depth (and the
 * report says so). A comment imported before is left as it is now (a moderator may have
 * changed it since).
 */

/** How deep replies go in Deho (comments feature: a reply to a reply, no further). */
export const MAX_DEPTH = 2;

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

interface Placed {
  id: number;
  depth: number;
  parentId: number | null;
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
  const placed = new Map<string, Placed | null>();
  let flattened = 0;

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
      const key = { ...keyBase, sourceId: comment.id };
      const earlier = await repo.findSource(trx, key);
      const row = earlier
        ? await trx
            .selectFrom('comments')
            .select(['id', 'depth', 'parent_id'])
            .where('id', '=', earlier.entityId)
            .executeTakeFirst()
        : undefined;
      if (row) {
        sink.count('comments', 'unchanged');
        result = { id: row.id, depth: row.depth, parentId: row.parent_id };
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
        while (parent !== null && parent.depth >= MAX_DEPTH) {
          const up: Placed | undefined = await trx
            .selectFrom('comments')
            .select(['id', 'depth', 'parent_id as parentId'])
            .where('id', '=', parent.parentId ?? -1)
            .executeTakeFirst();
          parent = up ?? null;
          flattened++;
        }
        const created = commentInstant(comment, context.utcOffsetMs) ?? item.date ?? now;
        const userId =
          comment.userId !== '' && comment.userId !== '0'
            ? (context.userFor(comment.userId) ?? null)
            : null;
        const depth = parent === null ? 0 : parent.depth + 1;
        const body = htmlToPlainText(comment.content);
        const inserted = await trx
          .insertInto('comments')
          .values({
            article_id: articleId,
            parent_id: parent?.id ?? null,
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
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await repo.recordSource(trx, key, inserted.id, null, now);
        sink.count('comments', 'created');
        result = { id: inserted.id, depth, parentId: parent?.id ?? null };
      }
    }
    placed.set(comment.id, result);
    return result;
  };

  const ordered = [...item.comments].sort((a, b) => Number(a.id) - Number(b.id));
  for (const comment of ordered) await place(comment, new Set());
  if (flattened > 0) {
    sink.note(
      `"${item.title}": ${flattened} reply(ies) nested deeper than Deho shows were attached one level up.`,
    );
  }
}
