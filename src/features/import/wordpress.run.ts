import crypto from 'node:crypto';
import { romanize } from 'es-hangul';
import { Value } from 'typebox/value';
import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { slugify, uniqueSlug } from '../../lib/slug.js';
import { BodySchema, blocksFromHtml, type Block, type Span } from '../articles/index.js';
import * as repo from './import.repository.js';
import type { ImportEntity } from './import.table.js';
import { isReservedSlug } from './reserved.js';
import { normalizeRedirectPath, isRedirectable } from './redirects.js';
import { importComments } from './wordpress.comments.js';
import { wordpressToHtml } from './wordpress-content.js';
import type { Uploads } from './wordpress.media.js';
import { htmlToPlainText } from './wordpress.text.js';
import { attachmentSize, toAuthor, toItem, toTerm, type WpItem, type WpTerm } from './wxr-model.js';
import { ImportRefused, type XNode } from './wxr-reader.js';

export interface ImportCount {
  created: number;
  updated: number;
  unchanged: number;
}

export type Counted = 'articles' | 'pages' | 'users' | 'comments' | 'tags' | 'media' | 'redirects';

export interface ImportReport {
  file: string;
  site: string;
  counts: Record<Counted, ImportCount>;
  /** What was not imported and why (the first MAX_LISTED; skippedTotal counts them all). */
  skipped: { item: string; reason: string }[];
  skippedTotal: number;
  /** Things imported differently from WordPress (new slugs, private → draft …). */
  notes: string[];
}

const MAX_LISTED = 500;

function emptyCount(): ImportCount {
  return { created: 0, updated: 0, unchanged: 0 };
}

function hashOf(value: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** A slug from WordPress's post_name, else the title (Hangul romanized), else a fallback. */
function slugBase(postName: string, title: string, fallback: string): string {
  return slugify(postName) || slugify(title) || slugify(romanize(title)) || fallback;
}

type Mapped = { status: 'published' | 'scheduled' | 'draft'; publishedAt: string | null; note?: string };

/** What a WordPress status becomes; drafts, pending, private and protected posts are never public. */
function mapStatus(item: WpItem, now: string): Mapped | { skip: string } {
  const label = `"${item.title || item.id}"`;
  if (item.password !== '' && (item.status === 'publish' || item.status === 'future')) {
    return { status: 'draft', publishedAt: null, note: `${label} was password-protected; it is a draft now.` };
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
      return { status: 'draft', publishedAt: null, note: `${label} was private; it is a draft now.` };
    case 'trash':
      return { skip: 'it is in the WordPress trash' };
    case 'auto-draft':
      return { skip: 'it is an auto-draft WordPress never showed' };
    default:
      return { skip: `its status "${item.status}" has no equivalent` };
  }
}

/** One import run: the state between the records of one file, inside one transaction. */
export class WordpressRun {
  readonly report: ImportReport;
  private site = '';
  private readonly authors = new Map<string, number>();
  private readonly tags = new Map<string, number>();
  private readonly thumbnails: { articleId: number; attachmentId: string; title: string }[] = [];
  private readonly touchedArticles: number[] = [];
  private readonly now: string;

  constructor(
    private readonly trx: DbOrTrx,
    clock: Clock,
    private readonly uploads: Uploads,
    file: string,
  ) {
    this.now = clock().toISOString();
    const counts = Object.fromEntries(
      (['articles', 'pages', 'users', 'comments', 'tags', 'media', 'redirects'] as const).map((k) => [k, emptyCount()]),
    ) as Record<Counted, ImportCount>;
    this.report = { file, site: '', counts, skipped: [], skippedTotal: 0, notes: [] };
  }

  skip(item: string, reason: string): void {
    this.report.skippedTotal++;
    if (this.report.skipped.length < MAX_LISTED) this.report.skipped.push({ item, reason });
  }

  note(text: string): void {
    if (this.report.notes.length < MAX_LISTED) this.report.notes.push(text);
  }

  count(what: Counted, outcome: keyof ImportCount): void {
    this.report.counts[what][outcome]++;
  }

  private key(entity: ImportEntity, sourceId: string): repo.SourceKey {
    return { kind: 'wordpress', site: this.site, entity, sourceId };
  }

  /** The Deho row an earlier import made from this source, if it still exists. */
  private async earlier(entity: ImportEntity, sourceId: string) {
    const found = await repo.findSource(this.trx, this.key(entity, sourceId));
    if (found === undefined) return undefined;
    const table = entity === 'article' ? 'articles' : entity === 'page' ? 'pages' : entity === 'user' ? 'users' : entity === 'comment' ? 'comments' : 'media';
    return (await repo.rowExists(this.trx, table, found.entityId)) ? found : undefined;
  }

  async accept(node: XNode): Promise<void> {
    switch (node.name) {
      case 'wp:base_site_url':
        this.site = node.text.trim();
        this.report.site = this.site;
        return;
      case 'wp:author':
        return this.author(node);
      case 'wp:category':
      case 'wp:tag': {
        const term = toTerm(node);
        if (term) await this.tagId(term);
        return;
      }
      case 'item':
        return this.item(toItem(node));
      default:
        return;
    }
  }

  private async author(node: XNode): Promise<void> {
    const author = toAuthor(node);
    if (author.login === '') return;
    const earlier = await this.earlier('user', author.login);
    if (earlier) {
      this.authors.set(author.login, earlier.entityId);
      this.count('users', 'unchanged');
      return;
    }
    const email = (author.email || `${slugify(author.login) || 'author'}@wordpress.invalid`).toLowerCase();
    const existing = await this.trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    let id = existing?.id;
    if (id === undefined) {
      const name = author.displayName || author.login;
      const row = await this.trx
        .insertInto('users')
        .values({
          email,
          name,
          slug: await repo.freeUserSlug(this.trx, slugify(name) ? name : romanize(name) || author.login),
          role: 'author',
          status: 'invited',
          password_hash: null,
          created_at: this.now,
          updated_at: this.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
      this.count('users', 'created');
      if (author.email === '') this.note(`The author ${author.login} had no email; they are ${email} until you change it.`);
    } else {
      this.count('users', 'unchanged');
      this.note(`The author ${author.login} is the existing user ${email}.`);
    }
    this.authors.set(author.login, id);
    await repo.recordSource(this.trx, this.key('user', author.login), id, null, this.now);
  }

  private async tagId(term: Pick<WpTerm, 'kind' | 'slug' | 'name'> & { description?: string }): Promise<number> {
    const slug = slugify(term.slug) || slugify(term.name) || slugify(romanize(term.name)) || `${term.kind}-${hashOf(term.name).slice(0, 8)}`;
    const cached = this.tags.get(slug);
    if (cached !== undefined) return cached;
    const { id, created } = await repo.ensureTag(this.trx, slug, term.name || slug, term.description ?? '', this.now);
    this.count('tags', created ? 'created' : 'unchanged');
    this.tags.set(slug, id);
    return id;
  }

  private async item(item: WpItem): Promise<void> {
    const label = `${item.type || 'item'} ${item.id} "${item.title}"`;
    if (!/^\d+$/.test(item.id)) return this.skip(label, 'it has no wp:post_id');
    switch (item.type) {
      case 'post':
        return this.post(item, label);
      case 'page':
        return this.page(item, label);
      case 'attachment':
        return this.attachment(item, label);
      case 'nav_menu_item':
      case 'revision':
      case 'customize_changeset':
      case 'custom_css':
      case 'oembed_cache':
      case 'wp_global_styles':
      case 'wp_navigation':
      case 'wp_template':
      case 'wp_template_part':
        return this.skip(label, `WordPress keeps ${item.type} for its own use; Deho needs none`);
      default:
        return this.skip(label, `Deho has no equivalent of the post type "${item.type}"`);
    }
  }

  /** Converts the content, moving files from the uploads folder and pointing URLs at them. */
  private async body(item: WpItem, label: string): Promise<Block[]> {
    const prepared = wordpressToHtml(item.content);
    for (const what of prepared.dropped) this.note(`${label}: ${what} was left out.`);
    const blocks = await blocksFromHtml(this.trx, prepared.html, this.now);
    const spans = async (list: Span[]) => {
      for (const span of list) {
        if (span.href === undefined || !span.href.includes('/wp-content/uploads/')) continue;
        const media = await this.uploads.ensure(this.trx, span.href, this.now);
        if (media.ok) span.href = media.path;
        if (media.ok && media.created) this.count('media', 'created');
      }
    };
    for (const block of blocks) {
      if (block.type === 'image' && block.src.includes('/wp-content/uploads/')) {
        const media = await this.uploads.ensure(this.trx, block.src, this.now, { alt: block.alt });
        if (media.ok) {
          Object.assign(block, { src: media.path, mediaId: media.id });
          if (media.created) this.count('media', 'created');
        } else if (this.uploads.enabled) {
          this.note(`${label}: an image stays at its old address (${media.reason}).`);
        }
      }
      if ('content' in block) await spans(block.content);
      if (block.type === 'list') for (const entry of block.items) await spans(entry);
      if ((block.type === 'image' || block.type === 'video') && block.caption) await spans(block.caption);
    }
    if (!Value.Check(BodySchema, blocks)) {
      throw new ImportRefused(
        `The content of ${label} does not fit Deho's limits (a paragraph over 20,000 characters, or over 5,000 blocks). Nothing was imported; shorten that post in WordPress and export again.`,
      );
    }
    return blocks;
  }

  private async articleSlug(item: WpItem, label: string): Promise<string> {
    const base = slugBase(item.postName, item.title, `post-${item.id}`);
    const slug = await uniqueSlug(base, async (s) => (await this.trx.selectFrom('articles').select('id').where('slug', '=', s).executeTakeFirst()) !== undefined);
    if (slug !== base) this.note(`${label}: the slug "${base}" was taken by another post, so it is at /news/${slug}.`);
    return slug;
  }

  private async post(item: WpItem, label: string): Promise<void> {
    const mapped = mapStatus(item, this.now);
    if ('skip' in mapped) return this.skip(label, mapped.skip);
    if (mapped.note !== undefined) this.note(mapped.note);
    const hash = hashOf([item.title, item.content, item.excerpt, item.status, item.date, item.postName, item.terms, item.creator, item.commentStatus, item.password, mapped.status]);
    const earlier = await this.earlier('article', item.id);
    let articleId: number;
    if (earlier && earlier.hash === hash) {
      articleId = earlier.entityId;
      this.count('articles', 'unchanged');
    } else {
      const body = JSON.stringify(await this.body(item, label));
      const fields = {
        title: item.title || `Untitled (WordPress post ${item.id})`,
        dek: htmlToPlainText(item.excerpt),
        body,
        author_id: this.authors.get(item.creator) ?? null,
        status: mapped.status,
        published_at: mapped.publishedAt,
        comments_enabled: item.commentStatus === 'closed' ? (0 as const) : (1 as const),
      };
      if (item.creator !== '' && fields.author_id === null) this.note(`${label}: its author ${item.creator} is not in the export.`);
      if (earlier) {
        articleId = earlier.entityId;
        await this.trx.updateTable('articles').set({ ...fields, updated_at: this.now }).where('id', '=', articleId).execute();
        this.count('articles', 'updated');
      } else {
        const created = item.date ?? this.now;
        const row = await this.trx
          .insertInto('articles')
          .values({ ...fields, slug: await this.articleSlug(item, label), feature_image_id: null, created_at: created, updated_at: created })
          .returning('id')
          .executeTakeFirstOrThrow();
        articleId = row.id;
        this.count('articles', 'created');
      }
      await this.trx
        .insertInto('article_revisions')
        .values({ article_id: articleId, title: fields.title, dek: fields.dek, body, author_id: fields.author_id, created_at: earlier ? this.now : (item.date ?? this.now) })
        .execute();
      await this.trx.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
      const seen = new Set<number>();
      for (const term of item.terms) {
        const tagId = await this.tagId(term);
        if (seen.has(tagId)) continue;
        await this.trx.insertInto('article_tags').values({ article_id: articleId, tag_id: tagId, position: seen.size }).execute();
        seen.add(tagId);
      }
      await repo.recordSource(this.trx, this.key('article', item.id), articleId, hash, this.now);
      this.touchedArticles.push(articleId);
    }
    const thumbnail = item.meta.get('_thumbnail_id')?.trim();
    if (thumbnail) this.thumbnails.push({ articleId, attachmentId: thumbnail, title: label });
    await importComments(this, this.trx, item, articleId, this.key('comment', ''), this.now);
    if (mapped.status !== 'draft') {
      const slug = (await this.trx.selectFrom('articles').select('slug').where('id', '=', articleId).executeTakeFirstOrThrow()).slug;
      await this.redirects(item, `/news/${slug}`, 'p');
    }
  }

  private async page(item: WpItem, label: string): Promise<void> {
    const mapped = mapStatus(item, this.now);
    if ('skip' in mapped) return this.skip(label, mapped.skip);
    if (mapped.note !== undefined) this.note(mapped.note);
    const status = mapped.status === 'draft' ? 'draft' : 'published';
    if (item.comments.length > 0) this.skip(`${item.comments.length} comment(s) on ${label}`, 'Deho has comments on articles only, not on pages');
    const hash = hashOf([item.title, item.content, item.status, item.postName, item.password, status]);
    const earlier = await this.earlier('page', item.id);
    let pageId: number;
    if (earlier && earlier.hash === hash) {
      pageId = earlier.entityId;
      this.count('pages', 'unchanged');
    } else {
      const fields = { title: item.title || `Untitled (WordPress page ${item.id})`, body: JSON.stringify(await this.body(item, label)), status } as const;
      if (earlier) {
        pageId = earlier.entityId;
        await this.trx.updateTable('pages').set({ ...fields, updated_at: this.now }).where('id', '=', pageId).execute();
        this.count('pages', 'updated');
      } else {
        const base = slugBase(item.postName, item.title, `page-${item.id}`);
        const slug = await uniqueSlug(base, async (s) => isReservedSlug(s) || (await this.trx.selectFrom('pages').select('id').where('slug', '=', s).executeTakeFirst()) !== undefined);
        if (slug !== base) {
          this.note(isReservedSlug(base) ? `${label}: "/${base}" is one of Deho's own addresses, so the page is at /${slug}.` : `${label}: the slug "${base}" was taken by another page, so it is at /${slug}.`);
        }
        const created = item.date ?? this.now;
        const row = await this.trx.insertInto('pages').values({ ...fields, slug, created_at: created, updated_at: created }).returning('id').executeTakeFirstOrThrow();
        pageId = row.id;
        this.count('pages', 'created');
      }
      await repo.recordSource(this.trx, this.key('page', item.id), pageId, hash, this.now);
    }
    if (status === 'published') {
      const slug = (await this.trx.selectFrom('pages').select('slug').where('id', '=', pageId).executeTakeFirstOrThrow()).slug;
      await this.redirects(item, `/${slug}`, 'page_id');
    }
  }

  private async attachment(item: WpItem, label: string): Promise<void> {
    const url = item.attachmentUrl || item.guid;
    const earlier = await this.earlier('media', item.id);
    if (earlier) return this.count('media', 'unchanged');
    const result = await this.uploads.ensure(this.trx, url, this.now, {
      alt: item.meta.get('_wp_attachment_image_alt')?.trim() ?? '',
      caption: htmlToPlainText(item.excerpt),
      ...attachmentSize(item.meta.get('_wp_attachment_metadata')),
    });
    if (!result.ok) return this.skip(label, result.reason);
    if (result.created) this.count('media', 'created');
    await repo.recordSource(this.trx, this.key('media', item.id), result.id, null, this.now);
  }

  /** Records the item's old addresses (permalink, ?p=N) as redirects to `to`. */
  private async redirects(item: WpItem, to: string, idParam: 'p' | 'page_id'): Promise<void> {
    const froms = new Set<string>();
    for (const url of [item.link, `/?${idParam}=${item.id}`]) {
      let path: string | undefined;
      try {
        const parsed = new URL(url, this.site || 'http://wordpress.invalid');
        path = normalizeRedirectPath(parsed.pathname + parsed.search);
      } catch {
        path = undefined;
      }
      if (path !== undefined && path !== to && isRedirectable(path)) froms.add(path);
    }
    for (const from of froms) this.count('redirects', await repo.upsertRedirect(this.trx, from, to, this.now));
  }

  /** After the last record: featured images (their attachments may come after the posts). */
  async finish(options: { link: boolean }): Promise<void> {
    for (const { articleId, attachmentId, title } of this.thumbnails) {
      const media = await repo.findSource(this.trx, this.key('media', attachmentId));
      if (media === undefined) {
        this.skip(`the featured image of ${title}`, `its attachment ${attachmentId} was not imported`);
        continue;
      }
      await this.trx
        .updateTable('articles')
        .set({ feature_image_id: media.entityId })
        .where('id', '=', articleId)
        .where((eb) => eb.or([eb('feature_image_id', 'is', null), eb('feature_image_id', '!=', media.entityId)]))
        .execute();
    }
    if (options.link) this.note('Entity links: --link was given, but this build applies no entity links during an import yet.');
  }
}

