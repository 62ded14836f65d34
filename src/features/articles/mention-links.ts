import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { ValidationFailed } from '../../lib/errors.js';
import { ENTITY_TYPES, spanLists, type Block, type EntityType } from './blocks.js';

/*
 * An article's mention spans are its entity links. When a body is saved, the entities it
 * mentions become links with source 'linker' (so the person, show and group pages list the
 * article), and 'linker' links whose mention is gone are removed. Links made by hand (source
 * 'manual') are never touched: a mention of an entity linked by hand leaves that link as it is.
 *
 * Rejections are the linker suggestions an editor turned down for one article; the editor
 * reads them back so that it does not offer them again.
 */

export interface EntityRef {
  type: EntityType;
  id: number;
}

/** Link table and entity column of each kind. Constants, never input. */
const LINKS: Readonly<Record<EntityType, { table: string; column: string; target: string }>> = {
  show: { table: 'article_shows', column: 'show_id', target: 'shows' },
  person: { table: 'article_people', column: 'person_id', target: 'people' },
  character: { table: 'article_characters', column: 'character_id', target: 'characters' },
  group: { table: 'article_groups', column: 'group_id', target: 'groups' },
  event: { table: 'article_events', column: 'event_id', target: 'events' },
};

/** Rows per statement: far below the bound-parameter limits of SQLite and PostgreSQL. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The distinct ids each kind of entity is mentioned by in a body. */
export function mentionedIds(blocks: readonly Block[]): Record<EntityType, number[]> {
  const sets = Object.fromEntries(ENTITY_TYPES.map((t) => [t, new Set<number>()])) as Record<
    EntityType,
    Set<number>
  >;
  for (const spans of spanLists(blocks))
    for (const span of spans) if (span.mention) sets[span.mention.type].add(span.mention.id);
  return Object.fromEntries(ENTITY_TYPES.map((t) => [t, [...sets[t]]])) as Record<
    EntityType,
    number[]
  >;
}

/** The largest id a row can have (PostgreSQL's integer); a larger one names nothing. */
const MAX_ID = 2_147_483_647;

async function existing(db: DbOrTrx, type: EntityType, ids: readonly number[]) {
  const found = new Set<number>();
  for (const part of chunks(ids.filter((id) => id <= MAX_ID))) {
    const { rows } = await sql<{ id: number }>`
      select id from ${sql.table(LINKS[type].target)} where id in (${sql.join(part)})
    `.execute(db);
    for (const row of rows) found.add(Number(row.id));
  }
  return found;
}

/** Refuses a body that mentions an entity that does not exist (a link needs its row). */
export async function checkMentions(db: DbOrTrx, blocks: readonly Block[]): Promise<void> {
  const ids = mentionedIds(blocks);
  for (const type of ENTITY_TYPES) {
    if (ids[type].length === 0) continue;
    const found = await existing(db, type, ids[type]);
    const missing = ids[type].find((id) => !found.has(id));
    if (missing === undefined) continue;
    const text = spanLists(blocks)
      .flat()
      .find((s) => s.mention?.type === type && s.mention.id === missing)?.text;
    throw new ValidationFailed(
      `The text "${text ?? ''}" mentions ${type} ${missing}, which does not exist; remove the mention.`,
      'body',
    );
  }
}

/** Makes the article's 'linker' links exactly the entities its body mentions. */
export async function syncMentionLinks(
  trx: DbOrTrx,
  articleId: number,
  blocks: readonly Block[],
): Promise<void> {
  const wanted = mentionedIds(blocks);
  for (const type of ENTITY_TYPES) {
    const { table, column } = LINKS[type];
    const { rows } = await sql<{ id: number }>`
      select ${sql.ref(column)} as id from ${sql.table(table)}
      where article_id = ${articleId} and source = 'linker'
    `.execute(trx);
    const have = new Set(rows.map((r) => Number(r.id)));
    const keep = new Set(wanted[type]);
    const stale = [...have].filter((id) => !keep.has(id));
    for (const part of chunks(stale)) {
      await sql`
        delete from ${sql.table(table)}
        where article_id = ${articleId} and source = 'linker' and ${sql.ref(column)} in (${sql.join(part)})
      `.execute(trx);
    }
    const fresh = wanted[type].filter((id) => !have.has(id));
    for (const part of chunks(fresh)) {
      // A link made by hand to the same entity stays as it is.
      await sql`
        insert into ${sql.table(table)} (article_id, ${sql.ref(column)}, source)
        values ${sql.join(part.map((id) => sql`(${articleId}, ${id}, 'linker')`))}
        on conflict do nothing
      `.execute(trx);
    }
  }
}

/** The suggestions rejected for an article, oldest first. */
export async function findRejectedMentions(db: DbOrTrx, articleId: number): Promise<EntityRef[]> {
  const rows = await db
    .selectFrom('article_rejected_mentions')
    .select(['entity_type', 'entity_id'])
    .where('article_id', '=', articleId)
    .orderBy('created_at')
    .orderBy('entity_type')
    .orderBy('entity_id')
    .execute();
  return rows.map((r) => ({ type: r.entity_type, id: r.entity_id }));
}

/** Replaces the rejections of an article; rejections that stay keep their time. */
export async function setRejectedMentions(
  trx: DbOrTrx,
  articleId: number,
  refs: readonly EntityRef[],
  now: string,
): Promise<void> {
  const key = (r: EntityRef) => `${r.type}:${r.id}`;
  const wanted = new Map(refs.map((r) => [key(r), r]));
  const current = await findRejectedMentions(trx, articleId);
  for (const r of current) {
    if (wanted.delete(key(r))) continue;
    await trx
      .deleteFrom('article_rejected_mentions')
      .where('article_id', '=', articleId)
      .where('entity_type', '=', r.type)
      .where('entity_id', '=', r.id)
      .execute();
  }
  for (const part of chunks([...wanted.values()])) {
    await trx
      .insertInto('article_rejected_mentions')
      .values(
        part.map((r) => ({
          article_id: articleId,
          entity_type: r.type,
          entity_id: r.id,
          created_at: now,
        })),
      )
      .execute();
  }
}
