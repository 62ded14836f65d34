/*
 * Normalisation and validation of what a reader types into the comment form. Pure functions:
 * no database, no HTTP. Every rule here answers with a ValidationFailed naming the field, so the
 * reader learns what to change; nothing is silently dropped from a comment's body.
 */
import { ValidationFailed } from '../../lib/errors.js';

export const NAME_MAX = 50;
export const BODY_MAX = 5000;
export const EMAIL_MAX = 254;

/**
 * C0 controls other than tab, line feed and carriage return; DEL; C1 controls. They have no
 * visible form and some terminals and logs interpret them, so they are refused.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

/**
 * Explicit bidirectional embeddings, overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI, RLI,
 * FSI, PDI). They reorder the text around them ("Trojan Source"); the marks LRM/RLM/ALM, which
 * real right-to-left writing needs, are allowed.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

/** Characters that draw nothing: white space, default-ignorables (zero-width, U+3164…), blanks. */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\u2800]/u;
const INVISIBLE_EDGE_START = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]+/u;
const INVISIBLE_EDGE_END = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]+$/u;
/** A character that shows something on screen: a letter, digit, mark, punctuation or symbol. */
const VISIBLE = /[\p{L}\p{N}\p{M}\p{P}\p{S}]/u;

/** Number of characters as a reader counts them (code points, not UTF-16 units). */
export function charCount(text: string): number {
  return Array.from(text).length;
}

/** True when `text` holds at least one character that draws something. */
export function hasVisibleCharacter(text: string): boolean {
  for (const ch of text) {
    if (!INVISIBLE.test(ch) && VISIBLE.test(ch)) return true;
  }
  return false;
}

function refuseHidden(text: string, property: string, label: string): void {
  if (CONTROL.test(text)) {
    throw new ValidationFailed(
      `${label} contains control characters (invisible codes such as NUL or ESC). Remove them and try again.`,
      property,
    );
  }
  if (BIDI_CONTROL.test(text)) {
    throw new ValidationFailed(
      `${label} contains right-to-left or left-to-right override characters, which would reorder the text around them. Remove them and try again.`,
      property,
    );
  }
}

/**
 * The name as stored: NFC, line breaks and runs of white space folded to one space, invisible
 * padding (white space, zero-width characters, Hangul fillers) removed from both ends.
 * @throws ValidationFailed (property "name") when empty, invisible-only, too long or hostile
 */
export function normalizeName(raw: string): string {
  const nfc = raw.normalize('NFC');
  refuseHidden(nfc, 'name', 'Your name');
  const name = nfc
    .replace(/[\t\r\n]+/g, ' ')
    .replace(/\p{White_Space}{2,}/gu, ' ')
    .replace(INVISIBLE_EDGE_START, '')
    .replace(INVISIBLE_EDGE_END, '');
  if (name === '' && !/[^\p{White_Space}]/u.test(nfc)) {
    throw new ValidationFailed('Please enter your name.', 'name');
  }
  if (!hasVisibleCharacter(name)) {
    throw new ValidationFailed(
      'Your name is made only of invisible characters. Please enter a name people can read.',
      'name',
    );
  }
  if (charCount(name) > NAME_MAX) {
    throw new ValidationFailed(`Your name can be at most ${NAME_MAX} characters long.`, 'name');
  }
  return name;
}

/**
 * The comment as stored: NFC, line breaks as "\n", white space trimmed at both ends only —
 * every character inside is kept exactly as typed.
 * @throws ValidationFailed (property "comment") when empty, too long or hostile
 */
export function normalizeBody(raw: string): string {
  const nfc = raw.normalize('NFC').replace(/\r\n?/g, '\n');
  refuseHidden(nfc, 'comment', 'Your comment');
  const body = nfc.replace(INVISIBLE_EDGE_START, '').replace(INVISIBLE_EDGE_END, '');
  if (body === '' || !hasVisibleCharacter(body)) {
    throw new ValidationFailed('Please enter your comment.', 'comment');
  }
  const length = charCount(body);
  if (length > BODY_MAX) {
    throw new ValidationFailed(
      `Your comment is ${length.toLocaleString('en')} characters long; the limit is ${BODY_MAX.toLocaleString('en')}.`,
      'comment',
    );
  }
  return body;
}

// Deliberately plain: one @, no spaces, a dot in the domain. Real validation is a mail that arrives.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u;

/**
 * The optional e-mail as stored (trimmed, NFC), or null when left empty.
 * @throws ValidationFailed (property "email") when present but not an address
 */
export function normalizeEmail(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null) return null;
  const email = raw.normalize('NFC').trim();
  if (email === '') return null;
  if (
    CONTROL.test(email) ||
    BIDI_CONTROL.test(email) ||
    !EMAIL.test(email) ||
    email.length > EMAIL_MAX
  ) {
    throw new ValidationFailed(
      'That e-mail address does not look right (like name@example.com). You can also leave it empty.',
      'email',
    );
  }
  return email;
}
