import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

/* Queries of the media library. Each takes a database or a transaction. */

const COLUMNS = [
  'media.id',
  'media.path',
  'media.mime',
  'media.width',
  'media.height',
  'media.bytes',
  'media.alt',
  'media.caption',
  'media.focal_x',
  'media.focal_y',
  'media.created_at',
  'media.original_name',
  'media.created_by',
  'media.widths',
  'users.name as created_by_name',
] as const;

export interface MediaFilter {
  /** Words to find in the file name, the alt text or the path. */
  q?: string;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function base(db: DbOrTrx, filter: MediaFilter) {
  let query = db.selectFrom('media').leftJoin('users', 'users.id', 'media.created_by');
  const q = filter.q?.trim().toLowerCase() ?? '';
  if (q !== '') {
    const pattern = `%${escapeLike(q)}%`;
    query = query.where((eb) =>
      eb.or(
        (['media.original_name', 'media.alt', 'media.path'] as const).map(
          (column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
        ),
      ),
    );
  }
  return query;
}

export function listMedia(
  db: DbOrTrx,
  filter: MediaFilter,
  page: { limit: number; offset: number },
) {
  return base(db, filter)
    .select(COLUMNS)
    .orderBy('media.created_at', 'desc')
    .orderBy('media.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countMedia(db: DbOrTrx, filter: MediaFilter): Promise<number> {
  const row = await base(db, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findMedia(db: DbOrTrx, id: number) {
  return db
    .selectFrom('media')
    .leftJoin('users', 'users.id', 'media.created_by')
    .select(COLUMNS)
    .where('media.id', '=', id)
    .executeTakeFirst();
}

export type MediaRecord = NonNullable<Awaited<ReturnType<typeof findMedia>>>;

/** Media by id, for the pages that show them, in one query. */
export function findMediaByIds(db: DbOrTrx, ids: readonly number[]) {
  return db
    .selectFrom('media')
    .select(['id', 'path', 'width', 'height', 'alt', 'focal_x', 'focal_y', 'widths'])
    .where('id', 'in', [...ids])
    .execute();
}
