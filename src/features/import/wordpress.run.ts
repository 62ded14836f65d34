import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { slugify, uniqueSlug } from '../../lib/slug.js';
import type { Block } from '../articles/index.js';
import { reindexArticle } from '../search/index.js';
import * as repo from './import.repository.js';
import type { ImportEntity } from './import.table.js';
import { oldPaths } from './redirects.js';
import { isReservedSlug } from './reserved.js';
import { convertBody } from './wordpress.body.js';
import { importComments } from './wordpress.comments.js';
import { linkImportedArticles } from './wordpress.links.js';
import {
  hashOf,
  INTERNAL_TYPES,
  mapStatus,
  slugBase,
  TABLE_OF,
  termSlug,
} from './wordpress.mapping.js';
import type { Uploads } from './wordpress.media.js';
import { ImportLog } from './wordpress.report.js';
import { htmlToPlainText } from './wordpress.text.js';
import { attachmentSize, toAuthor, toItem, toTerm, type WpItem, type WpTerm } from './wxr-model.js';
import type { XNode } from './wxr-reader.js';

export type { ImportCount, ImportReport } from './wordpress.report.js';

/** One import run: the state between the records of one file, inside one transaction. */
export class WordpressRun extends ImportLog {
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
    super(file);
    this.now = clock().toISOString();
  }

  private key(entity: ImportEntity, sourceId: string): repo.SourceKey {
    return { kind: 'wordpress', site: this.site, entity, sourceId };
  }

  /** The Deho row an earlier import made from this source, if it still exists. */
  private async earlier(entity: ImportEntity, sourceId: string) {
    const found = await repo.findSource(this.trx, this.key(entity, sourceId));
    if (found === undefined) return undefined;
    const table = TABLE_OF[entity];
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
    const email = (
      author.email || `${slugify(author.login) || 'author'}@wordpress.invalid`
    ).toLowerCase();
    const existing = await this.trx
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    let id = existing?.id;
    if (id === undefined) {
      const name = author.displayName || author.login;
      const row = await this.trx
        .insertInto('users')
        .values({
          email,
          name,
          slug: await repo.freeUserSlug(this.trx, slugBase('', name, slugify(author.login))),
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
      if (author.email === '')
        this.note(
          `The author ${author.login} had no email; they are ${email} until you change it.`,
        );
    } else {
      this.count('users', 'unchanged');
      this.note(`The author ${author.login} is the existing user ${email}.`);
    }
    this.authors.set(author.login, id);
    await repo.recordSource(this.trx, this.key('user', author.login), id, null, this.now);
  }

  private async tagId(
    term: Pick<WpTerm, 'kind' | 'slug' | 'name'> & { description?: string },
  ): Promise<number> {
    const slug = termSlug(term.slug, term.name, term.kind);
    const cached = this.tags.get(slug);
    if (cached !== undefined) return cached;
    const { id, created } = await repo.ensureTag(
      this.trx,
      slug,
      term.name || slug,
      term.description ?? '',
      this.now,
    );
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
      default:
        return this.skip(
          label,
          INTERNAL_TYPES.has(item.type)
            ? `WordPress keeps ${item.type} for its own use; Deho needs none`
            : `Deho has no equivalent of the post type "${item.type}"`,
        );
    }
  }

  private body(item: WpItem, label: string): Promise<Block[]> {
    return convertBody(this.trx, this.uploads, this, item, label, this.now);
  }

  private async articleSlug(item: WpItem, label: string): Promise<string> {
    const base = slugBase(item.postName, item.title, `post-${item.id}`);
    const slug = await uniqueSlug(
      base,
      async (s) =>
        (await this.trx
          .selectFrom('articles')
          .select('id')
          .where('slug', '=', s)
          .executeTakeFirst()) !== undefined,
    );
    if (slug !== base)
      this.note(
        `${label}: the slug "${base}" was taken by another post, so it is at /news/${slug}.`,
      );
    return slug;
  }

  private async post(item: WpItem, label: string): Promise<void> {
    const mapped = mapStatus(item, this.now);
    if ('skip' in mapped) return this.skip(label, mapped.skip);
    if (mapped.note !== undefined) this.note(mapped.note);
    const hash = hashOf([
      item.title,
      item.content,
      item.excerpt,
      item.status,
      item.date,
      item.postName,
      item.terms,
      item.creator,
      item.commentStatus,
      item.password,
      mapped.status,
    ]);
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
      if (item.creator !== '' && fields.author_id === null)
        this.note(`${label}: its author ${item.creator} is not in the export.`);
      if (earlier) {
        articleId = earlier.entityId;
        await this.trx
          .updateTable('articles')
          .set({ ...fields, updated_at: this.now })
          .where('id', '=', articleId)
          .execute();
        this.count('articles', 'updated');
      } else {
        const created = item.date ?? this.now;
        const row = await this.trx
          .insertInto('articles')
          .values({
            ...fields,
            slug: await this.articleSlug(item, label),
            feature_image_id: null,
            created_at: created,
            updated_at: created,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        articleId = row.id;
        this.count('articles', 'created');
      }
      await this.trx
        .insertInto('article_revisions')
        .values({
          article_id: articleId,
          title: fields.title,
          dek: fields.dek,
          body,
          author_id: fields.author_id,
          created_at: earlier ? this.now : (item.date ?? this.now),
        })
        .execute();
      await this.trx.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
      const seen = new Set<number>();
      for (const term of item.terms) {
        const tagId = await this.tagId(term);
        if (seen.has(tagId)) continue;
        await this.trx
          .insertInto('article_tags')
          .values({ article_id: articleId, tag_id: tagId, position: seen.size })
          .execute();
        seen.add(tagId);
      }
      await repo.recordSource(this.trx, this.key('article', item.id), articleId, hash, this.now);
      this.touchedArticles.push(articleId);
    }
    const thumbnail = item.meta.get('_thumbnail_id')?.trim();
    if (thumbnail) this.thumbnails.push({ articleId, attachmentId: thumbnail, title: label });
    await importComments(this, this.trx, item, articleId, this.key('comment', ''), this.now);
    if (mapped.status !== 'draft') {
      const slug = (
        await this.trx
          .selectFrom('articles')
          .select('slug')
          .where('id', '=', articleId)
          .executeTakeFirstOrThrow()
      ).slug;
      await this.redirects(item, `/news/${slug}`, 'p');
    }
  }

  private async page(item: WpItem, label: string): Promise<void> {
    const mapped = mapStatus(item, this.now);
    if ('skip' in mapped) return this.skip(label, mapped.skip);
    if (mapped.note !== undefined) this.note(mapped.note);
    const status = mapped.status === 'draft' ? 'draft' : 'published';
    if (item.comments.length > 0)
      this.skip(
        `${item.comments.length} comment(s) on ${label}`,
        'Deho has comments on articles only, not on pages',
      );
    const hash = hashOf([
      item.title,
      item.content,
      item.status,
      item.postName,
      item.password,
      status,
    ]);
    const earlier = await this.earlier('page', item.id);
    let pageId: number;
    if (earlier && earlier.hash === hash) {
      pageId = earlier.entityId;
      this.count('pages', 'unchanged');
    } else {
      const fields = {
        title: item.title || `Untitled (WordPress page ${item.id})`,
        body: JSON.stringify(await this.body(item, label)),
        status,
      } as const;
      if (earlier) {
        pageId = earlier.entityId;
        await this.trx
          .updateTable('pages')
          .set({ ...fields, updated_at: this.now })
          .where('id', '=', pageId)
          .execute();
        this.count('pages', 'updated');
      } else {
        const base = slugBase(item.postName, item.title, `page-${item.id}`);
        const slug = await uniqueSlug(
          base,
          async (s) =>
            isReservedSlug(s) ||
            (await this.trx
              .selectFrom('pages')
              .select('id')
              .where('slug', '=', s)
              .executeTakeFirst()) !== undefined,
        );
        if (slug !== base) {
          this.note(
            isReservedSlug(base)
              ? `${label}: "/${base}" is one of Deho's own addresses, so the page is at /${slug}.`
              : `${label}: the slug "${base}" was taken by another page, so it is at /${slug}.`,
          );
        }
        const created = item.date ?? this.now;
        const row = await this.trx
          .insertInto('pages')
          .values({ ...fields, slug, created_at: created, updated_at: created })
          .returning('id')
          .executeTakeFirstOrThrow();
        pageId = row.id;
        this.count('pages', 'created');
      }
      await repo.recordSource(this.trx, this.key('page', item.id), pageId, hash, this.now);
    }
    if (status === 'published') {
      const slug = (
        await this.trx
          .selectFrom('pages')
          .select('slug')
          .where('id', '=', pageId)
          .executeTakeFirstOrThrow()
      ).slug;
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
    for (const from of oldPaths(this.site, [item.link, `/?${idParam}=${item.id}`], to)) {
      this.count('redirects', await repo.upsertRedirect(this.trx, from, to, this.now));
    }
  }

  /** After the last record: featured images (their attachments may come after the posts). */
  async finish(options: { link: boolean }): Promise<void> {
    for (const { articleId, attachmentId, title } of this.thumbnails) {
      const media = await repo.findSource(this.trx, this.key('media', attachmentId));
      if (media === undefined) {
        this.skip(
          `the featured image of ${title}`,
          `its attachment ${attachmentId} was not imported`,
        );
        continue;
      }
      await this.trx
        .updateTable('articles')
        .set({ feature_image_id: media.entityId })
        .where('id', '=', articleId)
        .where((eb) =>
          eb.or([eb('feature_image_id', 'is', null), eb('feature_image_id', '!=', media.entityId)]),
        )
        .execute();
    }
    const links = await linkImportedArticles(this.trx, this.touchedArticles, options.link);
    if (options.link && links.applied > 0) {
      this.note(
        `Entity links: ${links.applied} confident mention(s) applied; editors see the other ${links.suggested - links.applied} as suggestions.`,
      );
    } else if (links.suggested > 0) {
      this.note(
        `Entity links: ${links.suggested} possible mention(s) in ${links.articles} article(s); editors see them as suggestions (--link applies the confident ones).`,
      );
    }
    for (const id of this.touchedArticles) await reindexArticle(this.trx, id);
  }
}
