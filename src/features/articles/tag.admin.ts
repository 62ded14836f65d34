/*
 * The newsroom's tag management: one tag, rename and describe, merge into another, delete, and
 * the old slugs that keep leading to a tag (`tag_redirects`). Each entry point owns its
 * transaction; queries are plain Kysely over `db | trx`.
 */
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../../lib/errors.js';
import { tagSlug } from '../../lib/slug.js';
import type { TagRow } from './article.table.js';

export interface TagWithCount extends TagRow {
  article_count: number;
}

/** One tag with how many articles (any status) carry it. */
export async function findTagWithCount(db: DbOrTrx, id: number): Promise<TagWithCount> {
  const row = await db
    .selectFrom('tags')
    .selectAll('tags')
    .select((eb) =>
      eb
        .selectFrom('article_tags')
        .select((c) => c.fn.countAll<number | string>().as('n'))
        .whereRef('article_tags.tag_id', '=', 'tags.id')
        .as('article_count'),
    )
    .where('tags.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no tag ${id}.`);
  return { ...row, article_count: Number(row.article_count ?? 0) };
}

/** Where an old tag slug leads now, if it was renamed or merged away. */
export async function findTagRedirect(db: DbOrTrx, slug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('tag_redirects')
    .innerJoin('tags', 'tags.id', 'tag_redirects.tag_id')
    .select('tags.slug')
    .where('tag_redirects.from_slug', '=', slug)
    .executeTakeFirst();
  return row?.slug;
}

/** Makes `slug` lead to `tagId`, and every slug that led to `fromTagId` too. */
async function redirect(
  trx: DbOrTrx,
  slug: string,
  tagId: number,
  fromTagId: number,
  now: string,
): Promise<void> {
  await trx
    .updateTable('tag_redirects')
    .set({ tag_id: tagId })
    .where('tag_id', '=', fromTagId)
    .execute();
  await trx
    .insertInto('tag_redirects')
    .values({ from_slug: slug, tag_id: tagId, created_at: now })
    .onConflict((oc) => oc.column('from_slug').doUpdateSet({ tag_id: tagId, created_at: now }))
    .execute();
}

/**
 * A tag made on the Tags screen before any article carries it. Its address (from the name unless
 * a slug is given) must be free: neither another tag's nor an old one that leads to a tag.
 */
export async function createTag(
  db: Db,
  clock: Clock,
  input: { name: string; slug?: string | undefined; description?: string | null | undefined },
): Promise<TagWithCount> {
  const name = input.name.normalize('NFC').trim();
  if (name === '') throw new ValidationFailed('A tag needs a name.', 'name');
  const slug = tagSlug(input.slug ?? name);
  if (slug === '') {
    throw new ValidationFailed(
      input.slug === undefined
        ? 'The name has no letter or digit to make the tag’s address from: give a slug.'
        : 'A slug needs at least one letter or digit.',
      'slug',
    );
  }
  const now = clock().toISOString();
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('tags')
      .select('name')
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (taken !== undefined) {
      throw new Conflict(`The tag “${taken.name}” already has the address /tags/${slug}.`, 'slug');
    }
    const leadsTo = await findTagRedirect(trx, slug);
    if (leadsTo !== undefined) {
      throw new Conflict(
        `/tags/${slug} leads to /tags/${leadsTo}, a tag that was renamed or merged: choose another slug.`,
        'slug',
      );
    }
    const row = await trx
      .insertInto('tags')
      .values({
        slug,
        name,
        description: input.description?.trim() || null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return findTagWithCount(trx, row.id);
  });
}

export interface TagChanges {
  name?: string | undefined;
  slug?: string | undefined;
  description?: string | null | undefined;
}

/**
 * Renames, re-slugs or describes a tag. A new slug keeps the old one as a redirect; a slug of
 * another tag is a Conflict. @returns the tag as it is now
 */
export async function updateTag(
  db: Db,
  clock: Clock,
  id: number,
  changes: TagChanges,
): Promise<TagWithCount> {
  const now = clock().toISOString();
  return db.transaction().execute(async (trx) => {
    const tag = await findTagWithCount(trx, id);
    const name = changes.name?.normalize('NFC').trim();
    if (name === '') throw new ValidationFailed('A tag needs a name.', 'name');
    let slug = tag.slug;
    if (changes.slug !== undefined) {
      slug = tagSlug(changes.slug);
      if (slug === '')
        throw new ValidationFailed('A slug needs at least one letter or digit.', 'slug');
    }
    if (slug !== tag.slug) {
      const taken = await trx
        .selectFrom('tags')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirst();
      if (taken !== undefined)
        throw new Conflict(`Another tag already has the slug "${slug}": merge them instead.`);
      // The new slug may have been an old one of this tag: it is a page again, not a redirect.
      await trx.deleteFrom('tag_redirects').where('from_slug', '=', slug).execute();
    }
    const description =
      changes.description === undefined ? tag.description : changes.description?.trim() || null;
    await trx
      .updateTable('tags')
      .set({ name: name ?? tag.name, slug, description, updated_at: now })
      .where('id', '=', id)
      .execute();
    if (slug !== tag.slug) await redirect(trx, tag.slug, id, id, now);
    return findTagWithCount(trx, id);
  });
}

/**
 * Merges tag `fromId` into `intoId`: its articles carry `intoId` instead (once each), its slug
 * and the slugs that led to it lead to `intoId`, and it is deleted.
 * @returns the tag merged into, and the ids of the articles that were moved
 */
export async function mergeTags(
  db: Db,
  clock: Clock,
  fromId: number,
  intoId: number,
): Promise<{ tag: TagWithCount; from: TagRow; articleIds: number[] }> {
  if (fromId === intoId) throw new ValidationFailed('A tag cannot be merged into itself.', 'into');
  const now = clock().toISOString();
  return db.transaction().execute(async (trx) => {
    const from = await findTagWithCount(trx, fromId);
    await findTagWithCount(trx, intoId);
    const moved = await trx
      .selectFrom('article_tags')
      .select(['article_id', 'position'])
      .where('tag_id', '=', fromId)
      .execute();
    for (const row of moved) {
      await trx
        .insertInto('article_tags')
        .values({ article_id: row.article_id, tag_id: intoId, position: row.position })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await redirect(trx, from.slug, intoId, fromId, now);
    await trx.deleteFrom('tags').where('id', '=', fromId).execute();
    return {
      tag: await findTagWithCount(trx, intoId),
      from,
      articleIds: moved.map((row) => row.article_id),
    };
  });
}

/**
 * Deletes a tag: its articles stay and lose it, its page and old slugs answer 404.
 * @returns the deleted tag and the ids of the articles that carried it
 */
export async function deleteTag(
  db: Db,
  id: number,
): Promise<{ tag: TagRow; articleIds: number[] }> {
  return db.transaction().execute(async (trx) => {
    const tag = await findTagWithCount(trx, id);
    const rows = await trx
      .selectFrom('article_tags')
      .select('article_id')
      .where('tag_id', '=', id)
      .execute();
    await trx.deleteFrom('tag_redirects').where('tag_id', '=', id).execute();
    await trx.deleteFrom('article_tags').where('tag_id', '=', id).execute();
    await trx.deleteFrom('tags').where('id', '=', id).execute();
    return { tag, articleIds: rows.map((row) => row.article_id) };
  });
}
