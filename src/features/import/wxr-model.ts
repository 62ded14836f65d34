import { childrenOf, textOf, type XNode } from './wxr-reader.js';

/*
 * The WordPress things an export holds, read from the reader's element trees. Field names are
 * those of WXR 1.2 (wp:post_id, content:encoded …); 1.0 and 1.1 use the same ones.
 */

export interface WpAuthor {
  login: string;
  email: string;
  displayName: string;
}

export interface WpTerm {
  kind: 'category' | 'tag';
  slug: string;
  name: string;
  description: string;
}

export interface WpComment {
  id: string;
  author: string;
  email: string;
  /** ISO-8601 UTC. */
  date: string | null;
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
  commentStatus: string;
  password: string;
  attachmentUrl: string;
  terms: { kind: 'category' | 'tag'; slug: string; name: string }[];
  meta: Map<string, string>;
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

export function toAuthor(node: XNode): WpAuthor {
  return {
    login: textOf(node, 'wp:author_login').trim(),
    email: textOf(node, 'wp:author_email').trim(),
    displayName: textOf(node, 'wp:author_display_name').trim(),
  };
}

export function toTerm(node: XNode): WpTerm | undefined {
  if (node.name === 'wp:category') {
    return {
      kind: 'category',
      slug: decodeSlug(textOf(node, 'wp:category_nicename')),
      name: textOf(node, 'wp:cat_name').trim(),
      description: textOf(node, 'wp:category_description').trim(),
    };
  }
  if (node.name === 'wp:tag') {
    return {
      kind: 'tag',
      slug: decodeSlug(textOf(node, 'wp:tag_slug')),
      name: textOf(node, 'wp:tag_name').trim(),
      description: textOf(node, 'wp:tag_description').trim(),
    };
  }
  return undefined;
}

function toComment(node: XNode): WpComment {
  return {
    id: textOf(node, 'wp:comment_id').trim(),
    author: textOf(node, 'wp:comment_author').trim(),
    email: textOf(node, 'wp:comment_author_email').trim(),
    date: wpDate(textOf(node, 'wp:comment_date_gmt'), [textOf(node, 'wp:comment_date')]),
    content: textOf(node, 'wp:comment_content'),
    approved: textOf(node, 'wp:comment_approved').trim(),
    type: textOf(node, 'wp:comment_type').trim(),
    parent: textOf(node, 'wp:comment_parent').trim(),
  };
}

export function toItem(node: XNode): WpItem {
  const meta = new Map<string, string>();
  for (const m of childrenOf(node, 'wp:postmeta')) {
    meta.set(textOf(m, 'wp:meta_key').trim(), textOf(m, 'wp:meta_value'));
  }
  const terms: WpItem['terms'] = [];
  for (const c of childrenOf(node, 'category')) {
    const domain = c.attrs.domain;
    if (domain !== 'category' && domain !== 'post_tag') continue;
    terms.push({
      kind: domain === 'category' ? 'category' : 'tag',
      slug: decodeSlug(c.attrs.nicename ?? ''),
      name: c.text.trim(),
    });
  }
  return {
    id: textOf(node, 'wp:post_id').trim(),
    title: textOf(node, 'title').trim(),
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
    commentStatus: textOf(node, 'wp:comment_status').trim(),
    password: textOf(node, 'wp:post_password'),
    attachmentUrl: textOf(node, 'wp:attachment_url').trim(),
    terms,
    meta,
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
