import crypto from 'node:crypto';
import { romanize } from 'es-hangul';
import { slugify, unicodeSlug } from '../../lib/slug.js';
import type { ImportEntity } from './import.table.js';
import type { WpItem } from './wxr-model.js';

/*
 * How WordPress values map to Deho's: statuses, slugs, and the digest that tells whether an
 * item changed since the last import.
 */

export function hashOf(value: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** An ASCII slug from a name, Hangul romanized (for user slugs), else a fallback. */
export function slugBase(postName: string, title: string, fallback: string): string {
  return slugify(postName) || slugify(title) || slugify(romanize(title)) || fallback;
}

/**
 * The slug of a post or page: WordPress's post_name as it was (percent-decoded, NFC, any script),
 * else one made from the title the way WordPress would, else `fallback`.
 * @returns the slug, and the post_name it was cut from when it was longer than Deho allows
 */
export function postSlug(
  postName: string,
  title: string,
  fallback: string,
): { slug: string; cutFrom?: string } {
  for (const source of [postName, title]) {
    const { slug, cut } = unicodeSlug(source);
    if (slug !== '') return cut ? { slug, cutFrom: source } : { slug };
  }
  return { slug: fallback };
}

/** A tag slug for a category or tag: WordPress's slug as it was, else one from the name. */
export function termSlug(slug: string, name: string, kind: string): string {
  return unicodeSlug(slug).slug || unicodeSlug(name).slug || `${kind}-${hashOf(name).slice(0, 8)}`;
}

export type Mapped = {
  status: 'published' | 'scheduled' | 'draft';
  publishedAt: string | null;
  note?: string;
};

/** What a WordPress status becomes; drafts, pending, private and protected posts are never public. */
export function mapStatus(item: WpItem, now: string): Mapped | { skip: string } {
  const label = `"${item.title || item.id}"`;
  if (item.password !== '' && (item.status === 'publish' || item.status === 'future')) {
    return {
      status: 'draft',
      publishedAt: null,
      note: `${label} was password-protected; it is a draft now.`,
    };
  }
  switch (item.status) {
    case 'publish':
      return { status: 'published', publishedAt: item.date ?? now };
    case 'future':
      return item.date !== null && item.date > now
        ? { status: 'scheduled', publishedAt: item.date }
        : { status: 'published', publishedAt: item.date ?? now };
    case 'draft':
    case 'pending':
      return { status: 'draft', publishedAt: null };
    case 'private':
      return {
        status: 'draft',
        publishedAt: null,
        note: `${label} was private; it is a draft now.`,
      };
    case 'trash':
      return { skip: 'it is in the WordPress trash' };
    case 'auto-draft':
      return { skip: 'it is an auto-draft WordPress never showed' };
    default:
      return { skip: `its status "${item.status}" has no equivalent` };
  }
}

/** The table of each kind of imported row. */
export const TABLE_OF = {
  article: 'articles',
  page: 'pages',
  user: 'users',
  comment: 'comments',
  media: 'media',
} as const satisfies Record<ImportEntity, string>;

/** Post types WordPress uses for its own machinery. */
export const INTERNAL_TYPES = new Set([
  'nav_menu_item',
  'revision',
  'customize_changeset',
  'custom_css',
  'oembed_cache',
  'wp_global_styles',
  'wp_navigation',
  'wp_template',
  'wp_template_part',
  'wp_block',
]);
