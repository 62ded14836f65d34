/*
 * Reply notifications. A reader who ticks "Email me when someone replies" (and gives an address)
 * gets one mail per reply to that comment, once the reply is shown on the site: when it is
 * posted and approved at once, or when a moderator approves it later. Never for their own reply,
 * never twice for one reply (the outbox dedupe key), never to an address that unsubscribed.
 * Without an SMTP server nothing is queued, so turning one on later does not send old news.
 */
import type { Config } from '../../config.js';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { formatComment } from './comment.format.js';
import { enqueueMail } from './mail-outbox.js';
import { emailHash, signUnsubscribe } from './notify.token.js';

export interface NotifyDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'smtpUrl' | 'baseUrl'>;
  /** The site title, named in the mail. */
  siteTitle: string;
}

/** Path of the unsubscribe page and of its one-click POST. */
export const UNSUBSCRIBE_PATH = '/comments/unsubscribe';

/** Remembers that the author of a comment wants mail about replies to it. */
export async function subscribeToReplies(
  db: DbOrTrx,
  commentId: number,
  now: string,
): Promise<void> {
  await db
    .insertInto('comment_subscriptions')
    .values({ comment_id: commentId, created_at: now })
    .onConflict((oc) => oc.column('comment_id').doNothing())
    .execute();
}

/** Adds an address hash to the suppression list and drops the mails still waiting for it. */
export async function unsubscribe(db: Db, hash: string, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('mail_unsubscribes')
      .values({ email_hash: hash, created_at: now })
      .onConflict((oc) => oc.column('email_hash').doNothing())
      .execute();
    await trx
      .updateTable('mail_outbox')
      .set({ status: 'cancelled', updated_at: now })
      .where('recipient_hash', '=', hash)
      .where('status', '=', 'pending')
      .execute();
  });
}

/** One line, at most `max` characters: a title or a name inside a sentence or a subject. */
function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/gu, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/**
 * The reply as the mail shows it: its text exactly as typed, except that spoilers stay hidden
 * (a notification must not give away what the page keeps behind a click).
 */
export function replyAsText(body: string): string {
  return formatComment(body)
    .map((paragraph) =>
      paragraph
        .map((inline) => (inline.kind === 'spoiler' ? '[spoiler hidden]' : inline.text))
        .join(''),
    )
    .join('\n\n');
}

export interface ReplyMailInput {
  siteTitle: string;
  articleTitle: string;
  parentName: string;
  replierName: string;
  replyBody: string;
  permalink: string;
  unsubscribeUrl: string;
}

/** Subject and plain text of a reply notification. Reader text never becomes markup: no HTML part. */
export function composeReplyMail(input: ReplyMailInput): { subject: string; text: string } {
  const title = oneLine(input.articleTitle, 120);
  return {
    // No reader-chosen text in the subject: a commenter's name could pose as a site notice.
    subject: `New reply to your comment on “${title}”`,
    text: [
      `Hello ${oneLine(input.parentName, 50)},`,
      '',
      `${oneLine(input.replierName, 50)} replied to your comment on “${title}”:`,
      '',
      replyAsText(input.replyBody),
      '',
      'Read it on the site, and reply if you like:',
      input.permalink,
      '',
      '-- ',
      `You get this mail from ${oneLine(input.siteTitle, 120)} because you asked to hear about replies to your comment.`,
      'To get no more of these mails, open:',
      input.unsubscribeUrl,
      '',
    ].join('\n'),
  };
}

/**
 * Queues the notification for each reply among `replyIds` that is shown now and whose parent's
 * author asked for one. Safe to call again for the same reply: it is mailed once.
 * @returns how many mails were queued by this call
 */
export async function queueReplyMails(
  deps: NotifyDeps,
  replyIds: readonly number[],
): Promise<number> {
  if (deps.config.smtpUrl === undefined || replyIds.length === 0) return 0;
  const now = deps.clock();
  const rows = await deps.db
    .selectFrom('comments as reply')
    .innerJoin('comments as parent', 'parent.id', 'reply.parent_id')
    .innerJoin('comment_subscriptions as sub', 'sub.comment_id', 'parent.id')
    .innerJoin('articles', 'articles.id', 'reply.article_id')
    .select([
      'reply.id as id',
      'reply.author_name as replierName',
      'reply.author_email as replierEmail',
      'reply.edit_token_hash as replierToken',
      'reply.body as body',
      'parent.author_name as parentName',
      'parent.author_email as parentEmail',
      'parent.edit_token_hash as parentToken',
      'articles.slug as slug',
      'articles.title as title',
    ])
    .where('reply.id', 'in', [...new Set(replyIds)])
    .where('reply.status', '=', 'approved')
    .where('parent.status', '=', 'approved')
    .where('parent.author_email', 'is not', null)
    .where('articles.status', '=', 'published')
    .execute();
  if (rows.length === 0) return 0;

  const hashes = new Set(rows.map((row) => emailHash(row.parentEmail ?? '')));
  const unsubscribed = new Set(
    (
      await deps.db
        .selectFrom('mail_unsubscribes')
        .select('email_hash')
        .where('email_hash', 'in', [...hashes])
        .execute()
    ).map((row) => row.email_hash),
  );
  let queued = 0;
  for (const row of rows) {
    const to = row.parentEmail ?? '';
    const hash = emailHash(to);
    const ownReply =
      (row.replierEmail !== null && emailHash(row.replierEmail) === hash) ||
      (row.replierToken !== null && row.replierToken === row.parentToken);
    if (ownReply || unsubscribed.has(hash)) continue;
    const unsubscribeUrl = `${deps.config.baseUrl}${UNSUBSCRIBE_PATH}?token=${await signUnsubscribe(deps.db, to, now)}`;
    const mail = composeReplyMail({
      siteTitle: deps.siteTitle,
      articleTitle: row.title,
      parentName: row.parentName,
      replierName: row.replierName,
      replyBody: row.body,
      permalink: `${deps.config.baseUrl}/news/${row.slug}#comment-${row.id}`,
      unsubscribeUrl,
    });
    const added = await enqueueMail(
      deps.db,
      {
        dedupe_key: `reply:${row.id}`,
        comment_id: row.id,
        recipient: to,
        recipient_hash: hash,
        subject: mail.subject,
        body_text: mail.text,
        unsubscribe_url: unsubscribeUrl,
      },
      now.toISOString(),
    );
    if (added) queued++;
  }
  return queued;
}
