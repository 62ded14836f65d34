import { htmlToPlainText } from './wordpress.text.js';
import { childrenOf, textOf, type XNode } from './wxr-reader.js';

/*
 * The WordPress things an export holds, read from the reader's element trees. Field names are
 * those of WXR 1.2 (wp:post_id, content:encoded …); 1.0 and 1.1 use the same ones.
 */

export interface WpAuthor {
  /** wp:author_id: what a comment's wp:comment_user_id names. */
  id: string;
  login: string;
  email: string;
  displayName: string;
}

export interface WpTerm {
  kind: 'category' | 'tag';
  slug: string;
  name: string;
  description: string;
  /** wp:term_id (what /?cat=N names). */
  termId: string;
  /** The parent category's slug, '' for none. */
  parent: string;
}

export interface WpComment {
  id: string;
  author: string;
  email: string;
  /** The commenter's website, '' for none. */
  url: string;
  /** wp:comment_user_id: the site account that wrote it, '0' or '' for a visitor. */
  userId: string;
  /** ISO-8601 UTC from comment_date_gmt; null when that is zero (see localDate). */
  date: string | null;
  /** comment_date: the time in the site's zone, as WordPress wrote it. */
  localDate: string;
  content: string;
  /** '1', '0', 'spam', 'trash', 'post-trashed'. */
  approved: string;
  /** '' or 'comment' for comments; 'pingback', 'trackback' … for the rest. */
  type: string;
  parent: string;
}

export interface WpItem {
  id: string;
  title: string;
  link: string;
  guid: string;
  creator: string;
  content: string;
  excerpt: string;
  /** Percent-decoded post_name. */
  postName: string;
  status: string;
  type: string;
  parent: string;
  /** ISO-8601 UTC, or null for never-published drafts. */
  date: string | null;
  /** post_date: the same instant in the site's zone (gives the site's UTC offset). */
  localDate: string;
  /** ISO-8601 UTC of post_modified_gmt, or null. */
  modified: string | null;
  sticky: boolean;
  commentStatus: string;
  password: string;
  attachmentUrl: string;
  terms: { kind: 'category' | 'tag'; slug: string; name: string }[];
  meta: Map<string, string>;
  /** Every _wp_old_slug: slugs the post had before (WordPress redirected them). */
  oldSlugs: string[];
  comments: WpComment[];
}

/** A WordPress date ('2022-12-10 12:00:00', UTC when from a *_gmt field) as ISO-8601 UTC. */
export function wpDate(gmt: string, fallbacks: string[] = []): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(gmt.trim());
  if (m && m[1] !== '0000') {
    const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  for (const other of fallbacks) {
    if (other.trim() === '') continue;
    const d = new Date(other.trim());
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  return null;
}

function decodeSlug(raw: string): string {
  try {
    return decodeURIComponent(raw.trim());
  } catch {
    return raw.trim();
  }
}

/**
 * Text as WordPress shows it from a field it stores escaped (titles, names): entities decoded
 * once ("Tom &amp; Jerry" → "Tom & Jerry", &#8217; → ’), tags removed, on one line.
 */
export function decodeText(raw: string): string {
  if (!/[&<]/.test(raw)) return raw.trim().normalize('NFC');
  return htmlToPlainText(raw).replace(/\s+/g, ' ');
}

/**
 * The site's offset from UTC in ms at a post, from its local and GMT dates ('2023-01-15 21:00:00'
 * and '…12:00:00' → +9 h); undefined when either is missing or zero.
 */
export function utcOffsetMs(localDate: string, utcIso: string | null): number | undefined {
  const local = wpDate(localDate);
  if (local === null || utcIso === null) return undefined;
  return Date.parse(local) - Date.parse(utcIso);
}

export function toAuthor(node: XNode): WpAuthor {
  return {
    id: textOf(node, 'wp:author_id').trim(),
    login: textOf(node, 'wp:author_login').trim(),
    email: textOf(node, 'wp:author_email').trim(),
    displayName: decodeText(textOf(node, 'wp:author_display_name')),
  };
}

export function toTerm(node: XNode): WpTerm | undefined {
  if (node.name === 'wp:category') {
    return {
      kind: 'category',
      slug: decodeSlug(textOf(node, 'wp:category_nicename')),
      name: decodeText(textOf(node, 'wp:cat_name')),
      description: decodeText(textOf(node, 'wp:category_description')),
      termId: textOf(node, 'wp:term_id').trim(),
      parent: decodeSlug(textOf(node, 'wp:category_parent')),
    };
  }
  if (node.name === 'wp:tag') {
    return {
      kind: 'tag',
      slug: decodeSlug(textOf(node, 'wp:tag_slug')),
      name: decodeText(textOf(node, 'wp:tag_name')),
      description: decodeText(textOf(node, 'wp:tag_description')),
      termId: textOf(node, 'wp:term_id').trim(),
      parent: '',
    };
  }
  return undefined;
}

function toComment(node: XNode): WpComment {
  return {
    id: textOf(node, 'wp:comment_id').trim(),
    author: decodeText(textOf(node, 'wp:comment_author')),
    email: textOf(node, 'wp:comment_author_email').trim(),
    url: textOf(node, 'wp:comment_author_url').trim(),
    userId: textOf(node, 'wp:comment_user_id').trim(),
    date: wpDate(textOf(node, 'wp:comment_date_gmt')),
    localDate: textOf(node, 'wp:comment_date').trim(),
    content: textOf(node, 'wp:comment_content'),
    approved: textOf(node, 'wp:comment_approved').trim(),
    type: textOf(node, 'wp:comment_type').trim(),
    parent: textOf(node, 'wp:comment_parent').trim(),
  };
}

export function toItem(node: XNode): WpItem {
  const meta = new Map<string, string>();
  const oldSlugs: string[] = [];
  for (const m of childrenOf(node, 'wp:postmeta')) {
    const key = textOf(m, 'wp:meta_key').trim();
    meta.set(key, textOf(m, 'wp:meta_value'));
    if (key === '_wp_old_slug') oldSlugs.push(decodeSlug(textOf(m, 'wp:meta_value')));
  }
  const terms: WpItem['terms'] = [];
  for (const c of childrenOf(node, 'category')) {
    const domain = c.attrs.domain;
    if (domain !== 'category' && domain !== 'post_tag') continue;
    terms.push({
      kind: domain === 'category' ? 'category' : 'tag',
      slug: decodeSlug(c.attrs.nicename ?? ''),
      name: decodeText(c.text),
    });
  }
  return {
    id: textOf(node, 'wp:post_id').trim(),
    title: decodeText(textOf(node, 'title')),
    link: textOf(node, 'link').trim(),
    guid: textOf(node, 'guid').trim(),
    creator: textOf(node, 'dc:creator').trim(),
    content: textOf(node, 'content:encoded'),
    excerpt: textOf(node, 'excerpt:encoded'),
    postName: decodeSlug(textOf(node, 'wp:post_name')),
    status: textOf(node, 'wp:status').trim(),
    type: textOf(node, 'wp:post_type').trim(),
    parent: textOf(node, 'wp:post_parent').trim(),
    date: wpDate(textOf(node, 'wp:post_date_gmt'), [textOf(node, 'pubDate')]),
    localDate: textOf(node, 'wp:post_date').trim(),
    modified: wpDate(textOf(node, 'wp:post_modified_gmt')),
    sticky: textOf(node, 'wp:is_sticky').trim() === '1',
    commentStatus: textOf(node, 'wp:comment_status').trim(),
    password: textOf(node, 'wp:post_password'),
    attachmentUrl: textOf(node, 'wp:attachment_url').trim(),
    terms,
    meta,
    oldSlugs,
    comments: childrenOf(node, 'wp:comment').map(toComment),
  };
}

/** Width and height from a PHP-serialized _wp_attachment_metadata value. */
export function attachmentSize(serialized: string | undefined): {
  width?: number;
  height?: number;
} {
  if (serialized === undefined) return {};
  // The first width/height keys are the original's; sizes come later in the array.
  const width = /s:5:"width";i:(\d+);/.exec(serialized)?.[1];
  const height = /s:6:"height";i:(\d+);/.exec(serialized)?.[1];
  return {
    ...(width !== undefined && Number(width) > 0 && { width: Number(width) }),
    ...(height !== undefined && Number(height) > 0 && { height: Number(height) }),
  };
}
