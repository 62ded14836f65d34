/**
 * Turns an English name into a URL slug: lowercase ASCII words joined by hyphens.
 * "Lee Jae-wook" → "lee-jae-wook", "Alchemy of Souls, Part 2" → "alchemy-of-souls-part-2".
 * Diacritics are folded ("Café" → "cafe"); apostrophes join ("NU'EST" → "nuest").
 * @returns the slug, or '' when the name holds no ASCII letter or digit
 */
export function slugify(name: string): string {
  // Upper then lower case folds what lowercasing alone keeps apart (ß and SS both give "ss");
  // casing can bring back combining marks (ǰ → J̌), so they are stripped after it too.
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/**
 * A slug as the URL routes accept it: lowercase words of letters and digits joined by hyphens.
 * Letters may be any script's (a WordPress site's "환혼-2부-리뷰" keeps its address); slugs Deho
 * makes itself are ASCII (slugify).
 */
export const SLUG_PATTERN =
  /^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}]+(?:-[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}]+)*$/u;

/** The longest slug Deho makes. */
const MAX_SLUG_LENGTH = 80;

/**
 * A slug that keeps its script, as WordPress's sanitize_title does: NFC, lowercase, runs of
 * anything but letters and digits become one hyphen. A slug longer than MAX_SLUG_LENGTH is cut
 * at the last hyphen that fits (mid-word only when a single word is that long).
 * @returns the slug ('' when nothing is left) and whether it was cut
 */
export function unicodeSlug(raw: string): { slug: string; cut: boolean } {
  const full = raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const chars = [...full];
  if (chars.length <= MAX_SLUG_LENGTH) return { slug: full, cut: false };
  const head = chars.slice(0, MAX_SLUG_LENGTH + 1).join('');
  const boundary = head.lastIndexOf('-');
  const slug = boundary > 0 ? head.slice(0, boundary) : chars.slice(0, MAX_SLUG_LENGTH).join('');
  return { slug: slug.replace(/-+$/, ''), cut: true };
}

/**
 * Picks a slug from `base` that `isTaken` says is free, adding -2, -3, … as needed.
 * @param base a slug (already slugified); '' falls back to `fallback`
 */
export async function uniqueSlug(
  base: string,
  isTaken: (slug: string) => Promise<boolean>,
  fallback = 'item',
): Promise<string> {
  const root = base === '' ? fallback : base;
  if (!(await isTaken(root))) return root;
  for (let n = 2; ; n++) {
    const candidate = `${root}-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
}

/**
 * A tag's slug. A name in Latin script gets `slugify`'s ASCII slug, as before; a name with
 * letters of another script (Hangul: "드라마", "tvN 드라마") keeps them as `unicodeSlug` does, the
 * way WordPress's Unicode tag slugs do ("tvn-드라마"), so that an imported tag and one typed in
 * Deho meet at one URL that SLUG_PATTERN accepts.
 * @returns the slug, or '' when the name holds no letter or digit at all
 */
export function tagSlug(name: string): string {
  const nfc = name.normalize('NFC');
  if (!/[^\p{Script=Latin}\P{L}]/u.test(nfc)) return slugify(nfc);
  return unicodeSlug(nfc).slug;
}
