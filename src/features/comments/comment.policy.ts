/*
 * Who may do what with a comment, and what status a new comment gets. Read this file as the
 * rule book; the service calls these functions and nothing else decides.
 */
import type { CommentSettings } from './comment.settings.js';
import type { CommentRow, CommentStatus } from './comment.table.js';

/** How the proof-of-work challenge of a post turned out. */
export type ChallengeState = 'solved' | 'missing' | 'invalid' | 'expired' | 'replayed';

/** Everything the spam defences noticed about one post. */
export interface CommentSignals {
  /** The hidden "website" field was filled in: only robots see it. */
  honeypot: boolean;
  challenge: ChallengeState;
  /** The post came back faster than a person can type (counted from its challenge's issue time). */
  tooFast: boolean;
  links: number;
  /** The first block-list word found in name, e-mail or comment. */
  blockWord: string | undefined;
  /** The first moderation-list word found. */
  moderationWord: string | undefined;
  /** An earlier comment by this commenter was approved by a moderator (see `isTrusted`). */
  trusted: boolean;
}

export type HeldReason =
  | 'honeypot'
  | 'block_word'
  | `challenge_${Exclude<ChallengeState, 'solved'>}`
  | 'too_fast'
  | 'links'
  | 'moderation_word'
  | 'first_comment';

export interface StatusDecision {
  status: CommentStatus;
  heldReason: HeldReason | null;
}

/**
 * The status of a new comment. The first rule that applies wins:
 *
 * | signal                                        | status   |
 * |-----------------------------------------------|----------|
 * | honeypot filled                               | spam     |
 * | a block-list word                             | spam     |
 * | challenge not solved (no JS, invalid, reused) | pending  |
 * | sent faster than `comments_min_seconds`       | pending  |
 * | `comments_link_threshold` links or more       | pending  |
 * | a moderation-list word                        | pending  |
 * | first comment and `comments_hold_first_time`  | pending  |
 * | otherwise                                     | approved |
 *
 * A post without a solved challenge is therefore stored and held, never refused, never published.
 */
export function decideStatus(signals: CommentSignals, settings: CommentSettings): StatusDecision {
  if (signals.honeypot) return { status: 'spam', heldReason: 'honeypot' };
  if (signals.blockWord !== undefined) return { status: 'spam', heldReason: 'block_word' };
  if (signals.challenge !== 'solved')
    return { status: 'pending', heldReason: `challenge_${signals.challenge}` };
  if (signals.tooFast) return { status: 'pending', heldReason: 'too_fast' };
  if (signals.links >= settings.comments_link_threshold)
    return { status: 'pending', heldReason: 'links' };
  if (signals.moderationWord !== undefined)
    return { status: 'pending', heldReason: 'moderation_word' };
  if (settings.comments_hold_first_time && !signals.trusted) {
    return { status: 'pending', heldReason: 'first_comment' };
  }
  return { status: 'approved', heldReason: null };
}

/**
 * A commenter is trusted when a moderator approved an earlier comment of theirs: the same name
 * with the same e-mail address, or the same name from the same client (browser token or address).
 * The queries live in comment.repository.ts `hasApprovedComment`.
 */
export const TRUST_RULE =
  'same name + (same e-mail | same commenter cookie | same client address) was approved before';

/** The first listed word or phrase found in any of the texts (case-insensitive), if any. */
export function findListedWord(
  words: readonly string[],
  texts: readonly (string | null)[],
): string | undefined {
  const haystack = texts
    .filter((t): t is string => t !== null)
    .join('\n')
    .normalize('NFKC')
    .toLocaleLowerCase();
  for (const word of words) {
    const needle = word.normalize('NFKC').trim().toLocaleLowerCase();
    if (needle !== '' && haystack.includes(needle)) return word;
  }
  return undefined;
}

/**
 * A commenter may edit or delete their own comment (the cookie token matches) for the site's
 * `comments_edit_minutes` after posting it, unless a moderator has already marked it as spam or
 * trash.
 */
export function canCommenterChange(
  comment: Pick<CommentRow, 'edit_token_hash' | 'created_at' | 'status'>,
  tokenHash: string | undefined,
  now: Date,
  editMinutes: number,
): boolean {
  return (
    tokenHash !== undefined &&
    comment.edit_token_hash === tokenHash &&
    (comment.status === 'approved' || comment.status === 'pending') &&
    now.getTime() - Date.parse(comment.created_at) < editMinutes * 60_000
  );
}

/** Why a commenter may not change a comment, for the 403 of an edit or a deletion. */
export function editRefusal(action: 'change' | 'delete', editMinutes: number): string {
  if (editMinutes === 0) return 'Comments cannot be changed or deleted once posted on this site.';
  const span = editMinutes === 1 ? '1 minute' : `${editMinutes} minutes`;
  return `You can ${action} your own comment for ${span} after posting it, from the same browser.`;
}

/**
 * Whether an article takes comments now: its own switch, and the site's rule that closes them
 * `comments_close_after_days` after publication (0: never).
 */
export function commentsOpen(
  article: { comments_enabled: 0 | 1; published_at: string | null },
  closeAfterDays: number,
  now: Date,
): boolean {
  if (article.comments_enabled !== 1) return false;
  if (closeAfterDays === 0 || article.published_at === null) return true;
  return now.getTime() < Date.parse(article.published_at) + closeAfterDays * 86_400_000;
}

/** Comments a reader may see: approved ones, and their own pending ones (never anyone else's). */
export function isVisibleTo(
  comment: Pick<CommentRow, 'status' | 'edit_token_hash'>,
  tokenHash: string | undefined,
): boolean {
  if (comment.status === 'approved') return true;
  return (
    comment.status === 'pending' && tokenHash !== undefined && comment.edit_token_hash === tokenHash
  );
}
