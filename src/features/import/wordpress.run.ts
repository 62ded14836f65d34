import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { slugify, uniqueSlug } from '../../lib/slug.js';
import * as batch from './import.batch.js';
import * as repo from './import.repository.js';
import type { ImportEntity } from './import.table.js';
import { oldPaths } from './redirects.js';
import { isReservedSlug } from './reserved.js';
import { convertBody } from './wordpress.body.js';
import { importComments } from './wordpress.comments.js';
import type { LinkOutcome } from './wordpress.links.js';
import {
  hashOf,
  INTERNAL_TYPES,
  mapStatus,
  postSlug,
  slugBase,
  TABLE_OF,
} from './wordpress.mapping.js';
import { articleDigest, seoFields } from './wordpress.post.js';
import {
  placeThumbnails,
  placeWaiting,
  settleArticles,
  type SettleContext,
  type Thumbnail,
  type Touched,
} from './wordpress.settle.js';
import { adoptSiteSetting, TermTags } from './wordpress.site.js';
import type { Uploads } from './wordpress.media.js';
import { ImportLog } from './wordpress.report.js';
import { htmlToPlainText } from './wordpress.text.js';
import { attachmentSize, toAuthor, toItem, toTerm, utcOffsetMs, type WpItem } from './wxr-model.js';
import type { XNode } from './wxr-reader.js';

export type { ImportCount, ImportReport } from './wordpress.report.js';

export interface RunOptions {
  /** Take WordPress's version of articles edited in Deho since the last import. */
  takeWordpress: boolean;
}

/**
 * One import run: the state between the records of one file. The import commits in batches;
 * `trx` is the transaction of the current batch (use() switches it).
 */
export class WordpressRun extends ImportLog {
  private site = '';
  private siteTitle = '';
  /** The site's offset from UTC, from the first post that has both dates. */
  private siteOffsetMs: number | undefined;
  private trx: DbOrTrx;
  private readonly authors = new Map<string, number>();
  /** wp:author_id → Deho user id, for comments written by a site account. */
  private readonly authorIds = new Map<string, number>();
  private readonly terms: TermTags;
  private readonly thumbnails: Thumbnail[] = [];
  private readonly touchedArticles: Touched[] = [];
  /** Articles whose gallery pictures wait for attachments later in the file. */
  private readonly waiting: { id: number; label: string }[] = [];
  private readonly now: string;

  constructor(
    trx: DbOrTrx,
    private readonly clock: Clock,
    private readonly uploads: Uploads,
    file: string,
    private readonly options: RunOptions = { takeWordpress: false },
  ) {
    super(file);
    this.trx = trx;
    this.terms = new TermTags(this);
    this.now = clock().toISOString();
  }

  /** Continues in the transaction of the next batch. */
  use(trx: DbOrTrx): void {
    this.trx = trx;
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
      case 'title':
        this.siteTitle = await adoptSiteSetting(
          this.trx,
          this.clock,
          this,
          'site_title',
          node.text,
        );
        return;
      case 'description':
        await adoptSiteSetting(this.trx, this.clock, this, 'site_description', node.text);
        return;
      case 'wp:author':
        return this.author(node);
      case 'wp:category':
      case 'wp:tag': {
        const term = toTerm(node);
        const tag = term && (await this.terms.tagId(this.trx, term, this.now));
        if (term && tag && term.kind === 'category' && /^\d+$/.test(term.termId)) {
          const to = `/tags/${tag.slug}`;
          this.count(
            'redirects',
            await repo.upsertRedirect(this.trx, `/?cat=${term.termId}`, to, this.now),
          );
        }
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
      if (author.id !== '') this.authorIds.set(author.id, earlier.entityId);
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
    if (author.id !== '') this.authorIds.set(author.id, id);
    await repo.recordSource(this.trx, this.key('user', author.login), id, null, this.now);
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

  /** The media row an attachment of this site became, if it is imported already. */
  private readonly attachmentMedia = async (postId: string) => {
    const found = await this.earlier('media', postId);
    if (found === undefined) return undefined;
    return this.trx
      .selectFrom('media')
      .select(['id', 'path', 'alt'])
      .where('id', '=', found.entityId)
      .executeTakeFirst();
  };

  /** The post's blocks as JSON, and whether gallery pictures wait for later attachments. */
  private async body(item: WpItem, label: string): Promise<{ json: string; waiting: boolean }> {
    const converted = await convertBody(
      this.trx,
      this.uploads,
      this,
      this.attachmentMedia,
      item,
      label,
      this.now,
    );
    return { json: JSON.stringify(converted.blocks), waiting: converted.waiting };
  }

  /** The post's slug as WordPress had it; a slug cut to Deho's length is listed in the report. */
  private slugOf(item: WpItem, label: string, fallback: string): string {
    const { slug, cutFrom } = postSlug(item.postName, item.title, fallback);
    if (cutFrom !== undefined)
      this.note(
        `${label}: its slug "${cutFrom}" is longer than 80 characters; it is ${fallback.startsWith('post') ? '/news/' : '/'}${slug} now.`,
      );
    return slug;
  }

  private async articleSlug(item: WpItem, label: string): Promise<string> {
    const base = this.slugOf(item, label, `post-${item.id}`);
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

  /** Whether a changed post may be written over its Deho article; notes why not. */
  private async mayUpdate(
    item: WpItem,
    label: string,
    earlier: repo.SourceRecord,
  ): Promise<boolean> {
    if (
      item.modified !== null &&
      earlier.sourceModified !== null &&
      item.modified < earlier.sourceModified
    ) {
      this.note(
        `${label}: this export is older than the one imported (modified ${item.modified}, imported ${earlier.sourceModified}); the article is left as it is.`,
      );
      return false;
    }
    if (earlier.localHash === null || this.options.takeWordpress) return true;
    if ((await articleDigest(this.trx, earlier.entityId)) === earlier.localHash) return true;
    this.conflict(
      `${label}: changed in WordPress, and changed in Deho since the last import; Deho's version is kept (import with --take-wordpress to take WordPress's).`,
    );
    return false;
  }

  private async post(item: WpItem, label: string): Promise<void> {
    const mapped = mapStatus(item, this.now);
    if ('skip' in mapped) return this.skip(label, mapped.skip);
    if (mapped.note !== undefined) this.note(mapped.note);
    this.siteOffsetMs ??= utcOffsetMs(item.localDate, item.date);
    const seo = seoFields(item, this.siteTitle);
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
      item.sticky,
      seo,
      this.uploads.enabled,
    ]);
    const earlier = await this.earlier('article', item.id);
    let articleId: number;
    /** The article's slug and status when this run wrote them (else read below). */
    let written: { slug: string; status: string } | undefined;
    if (earlier && (earlier.hash === hash || !(await this.mayUpdate(item, label, earlier)))) {
      articleId = earlier.entityId;
      this.count('articles', 'unchanged');
      // Committed by a run that failed before its end: indexed and recorded at this one's end.
      if (earlier.hash === hash && earlier.localHash === null) {
        this.touchedArticles.push({ id: articleId, sourceId: item.id });
      }
    } else {
      const fields = {
        title: item.title || `Untitled (WordPress post ${item.id})`,
        dek: htmlToPlainText(item.excerpt),
        author_id: this.authors.get(item.creator) ?? null,
        status: mapped.status,
        published_at: mapped.publishedAt,
        comments_enabled: item.commentStatus === 'closed' ? (0 as const) : (1 as const),
        featured: item.sticky ? (1 as const) : (0 as const),
        ...seo,
      };
      if (item.creator !== '' && fields.author_id === null)
        this.note(`${label}: its author ${item.creator} is not in the export.`);
      let body: { json: string; waiting: boolean };
      if (earlier) {
        articleId = earlier.entityId;
        body = await this.body(item, label);
        await this.trx
          .updateTable('articles')
          .set({ ...fields, body: body.json, updated_at: this.now })
          .where('id', '=', articleId)
          .execute();
        this.count('articles', 'updated');
      } else {
        const created = item.date ?? this.now;
        const slug = await this.articleSlug(item, label);
        // The body before the row: one INSERT, not an INSERT and an UPDATE (its conversion
        // needs no article id).
        body = await this.body(item, label);
        const row = await this.trx
          .insertInto('articles')
          .values({
            ...fields,
            body: body.json,
            slug,
            feature_image_id: null,
            created_at: created,
            updated_at: created,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        articleId = row.id;
        written = { slug, status: fields.status };
        this.count('articles', 'created');
      }
      if (body.waiting) this.waiting.push({ id: articleId, label });
      await this.trx
        .insertInto('article_revisions')
        .values({
          article_id: articleId,
          title: fields.title,
          dek: fields.dek,
          body: body.json,
          author_id: fields.author_id,
          kind: 'import',
          label: 'Imported from WordPress',
          created_at: earlier ? this.now : (item.date ?? this.now),
        })
        .execute();
      if (earlier)
        await this.trx.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
      const tagIds: number[] = [];
      for (const term of item.terms) {
        const tag = await this.terms.tagId(this.trx, term, this.now);
        if (tag !== undefined && !tagIds.includes(tag.id)) tagIds.push(tag.id);
      }
      if (tagIds.length > 0) {
        const id = articleId;
        await this.trx
          .insertInto('article_tags')
          .values(tagIds.map((tag_id, position) => ({ article_id: id, tag_id, position })))
          .execute();
      }
      await repo.recordSource(
        this.trx,
        this.key('article', item.id),
        articleId,
        hash,
        this.now,
        item.modified,
      );
      this.touchedArticles.push({ id: articleId, sourceId: item.id });
    }
    const thumbnail = item.meta.get('_thumbnail_id')?.trim();
    if (thumbnail) this.thumbnails.push({ articleId, attachmentId: thumbnail, title: label });
    await importComments(this, this.trx, item, articleId, this.key('comment', ''), this.now, {
      utcOffsetMs: utcOffsetMs(item.localDate, item.date) ?? this.siteOffsetMs,
      userFor: (wpUserId) => this.authorIds.get(wpUserId),
    });
    const current =
      written ??
      (await this.trx
        .selectFrom('articles')
        .select(['slug', 'status'])
        .where('id', '=', articleId)
        .executeTakeFirstOrThrow());
    if (mapped.status !== 'draft' || current.status !== 'draft') {
      await this.redirects(item, `/news/${current.slug}`, 'p');
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
        body: (await this.body(item, label)).json,
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
        const base = this.slugOf(item, label, `page-${item.id}`);
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
    this.siteOffsetMs ??= utcOffsetMs(item.localDate, item.date);
    const result = await this.uploads.ensure(this.trx, url, this.now, {
      alt: item.meta.get('_wp_attachment_image_alt')?.trim() ?? '',
      caption: htmlToPlainText(item.excerpt),
      ...attachmentSize(item.meta.get('_wp_attachment_metadata')),
    });
    if (!result.ok) return this.skip(label, result.reason);
    if (result.created) this.count('media', 'created');
    await repo.recordSource(this.trx, this.key('media', item.id), result.id, null, this.now);
    // The attachment page and ?attachment_id=N now show the file itself.
    await this.moved(
      oldPaths(this.site, [item.link, `/?attachment_id=${item.id}`], result.path),
      result.path,
    );
  }

  /**
   * Records the item's old addresses as redirects to `to`: its permalink, ?p=N, and the
   * permalink with each slug WordPress kept in _wp_old_slug.
   */
  private async redirects(item: WpItem, to: string, idParam: 'p' | 'page_id'): Promise<void> {
    const urls = [item.link, `/?${idParam}=${item.id}`];
    const name = /\/([^/]+)\/?$/.exec(item.link)?.[1];
    for (const old of item.oldSlugs) {
      if (name !== undefined && old !== '')
        urls.push(item.link.replace(/\/[^/]+(\/?)$/, `/${encodeURIComponent(old)}$1`));
    }
    await this.moved(oldPaths(this.site, urls, to), to);
  }

  /** Records that each of these old paths moved to `to` (two statements for all of them). */
  private async moved(paths: readonly string[], to: string): Promise<void> {
    const outcomes = await batch.upsertRedirects(
      this.trx,
      paths.map((from) => ({ from, to })),
      this.now,
    );
    for (const outcome of outcomes) this.count('redirects', outcome);
  }

  /** What the steps after the last record work with, in the current batch's transaction. */
  private settling(): SettleContext {
    return {
      trx: this.trx,
      uploads: this.uploads,
      log: this,
      attachment: this.attachmentMedia,
      site: this.site,
      now: this.now,
    };
  }

  /**
   * After the last record: waiting gallery pictures, featured images, entity links, the search
   * index and the digests, `batchSize` articles at a time with `commit()` between batches (it
   * commits and continues in a new transaction), so that this end is no single long
   * transaction either. The caller commits the last batch.
   */
  async finish(
    options: { link: boolean; batchSize: number },
    commit: () => Promise<void>,
  ): Promise<void> {
    let first = true;
    const batches = async <T>(list: readonly T[], work: (part: T[]) => Promise<void>) => {
      for (let i = 0; i < list.length; i += options.batchSize) {
        if (!first) await commit();
        first = false;
        await work(list.slice(i, i + options.batchSize));
      }
    };
    await batches(this.waiting, async (part) => {
      for (const waiting of part) await placeWaiting(this.settling(), waiting);
    });
    await batches(this.thumbnails, (part) => placeThumbnails(this.settling(), part));
    const links: LinkOutcome = { suggested: 0, applied: 0, articles: 0 };
    await batches(this.touchedArticles, async (part) => {
      const one = await settleArticles(this.settling(), part, options.link);
      links.suggested += one.suggested;
      links.applied += one.applied;
      links.articles += one.articles;
    });
    if (options.link && links.applied > 0) {
      this.note(
        `Entity links: ${links.applied} confident mention(s) applied; editors see the other ${links.suggested - links.applied} as suggestions.`,
      );
    } else if (links.suggested > 0) {
      this.note(
        `Entity links: ${links.suggested} possible mention(s) in ${links.articles} article(s); editors see them as suggestions (--link applies the confident ones).`,
      );
    }
  }
}
