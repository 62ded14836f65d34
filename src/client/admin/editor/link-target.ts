/*
 * What a writer types in the link box, made into a link readers can follow. Writers paste
 * addresses as browsers show them ("example.com/story", "www.tvn.co.kr"), so a bare host gets
 * https:// in front; everything the server would drop as unsafe (javascript:, data:, //host) is
 * refused here with a sentence saying what is accepted, instead of vanishing on save.
 */

export type LinkTarget = { href: string } | { problem: string };

const ACCEPTED =
  'Use a web address (https://…), an e-mail address (mailto:…), a phone number (tel:…), or a path on this site (/…).';

/** A host with a dot and a top-level domain of letters, then an optional path, query or anchor. */
const BARE_HOST = /^(?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,}(?::\d+)?(?:[/?#][^\s]*)?$/u;

export function linkTarget(input: string): LinkTarget {
  const typed = input.trim();
  if (typed === '') return { problem: 'Type the address the link goes to.' };
  if (/\s/.test(typed)) return { problem: `A link address has no spaces. ${ACCEPTED}` };
  if (/^(?:https?:\/\/[^/]|mailto:.|tel:.)/i.test(typed)) return { href: typed };
  if (/^\/(?!\/)/.test(typed) || typed.startsWith('#')) return { href: typed };
  if (/^[a-z][a-z0-9+.-]*:/i.test(typed) && !BARE_HOST.test(typed)) {
    return { problem: `Links of this kind are not published. ${ACCEPTED}` };
  }
  if (BARE_HOST.test(typed)) return { href: `https://${typed}` };
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(typed)) return { href: `mailto:${typed}` };
  return { problem: `“${typed}” is not an address. ${ACCEPTED}` };
}
