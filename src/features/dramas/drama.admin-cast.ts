import type { DbOrTrx } from '../../db/database.js';
import { nowIso, type Clock } from '../../lib/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../../lib/errors.js';
import { slugify, uniqueSlug } from '../../lib/slug.js';
import { required, stringList, unknownId } from './admin-helpers.js';
import type { CharacterFields, CreditFields } from './drama.admin.schemas.js';
import { parseStringList } from './drama.model.js';
import type { CharacterRow, CreditRow } from './drama.table.js';

/*
 * Admin writes of characters and credits. A credit may only name a part and a character of its
 * own show: the service says so in a sentence, and the database's composite foreign keys
 * refuse it anyway.
 */

export async function findCharacter(trx: DbOrTrx, id: number, property?: string) {
  const row = await trx
    .selectFrom('characters')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw unknownId('character', id, property);
  return row;
}

async function characterSlugTaken(trx: DbOrTrx, showId: number, slug: string, exceptId = 0) {
  const row = await trx
    .selectFrom('characters')
    .select('id')
    .where('show_id', '=', showId)
    .where('slug', '=', slug)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

async function requireShow(trx: DbOrTrx, id: number, property = 'show_id') {
  const row = await trx
    .selectFrom('shows')
    .select(['id', 'title'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw unknownId('show', id, property);
  return row;
}

export async function createCharacter(
  trx: DbOrTrx,
  clock: Clock,
  input: CharacterFields,
): Promise<number> {
  const showId = required(input.show_id, 'show_id');
  const name = required(input.name, 'name');
  await requireShow(trx, showId);
  let slug = input.slug;
  if (slug !== undefined && (await characterSlugTaken(trx, showId, slug))) {
    throw new Conflict(`This show already has a character "${slug}".`, 'slug');
  }
  slug ??= await uniqueSlug(slugify(name), (s) => characterSlugTaken(trx, showId, s), 'character');
  const now = nowIso(clock);
  const row = await trx
    .insertInto('characters')
    .values({
      show_id: showId,
      slug,
      name,
      name_ko: input.name_ko ?? null,
      aliases: stringList(input.aliases ?? []),
      description: input.description ?? '',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCharacter(
  trx: DbOrTrx,
  clock: Clock,
  id: number,
  input: CharacterFields,
): Promise<void> {
  const current = await findCharacter(trx, id);
  if (input.show_id !== undefined && input.show_id !== current.show_id) {
    throw new ValidationFailed('A character cannot move to another show.', 'show_id');
  }
  if (
    input.slug !== undefined &&
    (await characterSlugTaken(trx, current.show_id, input.slug, id))
  ) {
    throw new Conflict(`This show already has a character "${input.slug}".`, 'slug');
  }
  await trx
    .updateTable('characters')
    .set({
      ...(input.slug !== undefined && { slug: input.slug }),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.name_ko !== undefined && { name_ko: input.name_ko }),
      ...(input.aliases !== undefined && { aliases: stringList(input.aliases) }),
      ...(input.description !== undefined && { description: input.description }),
      updated_at: nowIso(clock),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteCharacter(trx: DbOrTrx, id: number): Promise<void> {
  await findCharacter(trx, id);
  await trx.deleteFrom('characters').where('id', '=', id).execute();
}

export function toAdminCharacter(row: CharacterRow) {
  return {
    id: row.id,
    show_id: row.show_id,
    slug: row.slug,
    name: row.name,
    name_ko: row.name_ko,
    aliases: parseStringList(row.aliases),
    description: row.description,
  };
}

// ---- Credits ----

export async function findCredit(trx: DbOrTrx, id: number): Promise<CreditRow> {
  const row = await trx.selectFrom('credits').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no credit with id ${id}.`);
  return row;
}

type CreditValues = Omit<CreditRow, 'id'>;

/** Checks a whole credit (after merging a PATCH): references exist and belong to its show. */
async function checkCredit(trx: DbOrTrx, credit: CreditValues): Promise<void> {
  const person = await trx
    .selectFrom('people')
    .select('id')
    .where('id', '=', credit.person_id)
    .executeTakeFirst();
  if (person === undefined) throw unknownId('person', credit.person_id, 'person_id');
  const show = await requireShow(trx, credit.show_id);
  if (credit.part_id !== null) {
    const part = await trx
      .selectFrom('parts')
      .select(['id', 'show_id'])
      .where('id', '=', credit.part_id)
      .executeTakeFirst();
    if (part === undefined) throw unknownId('part', credit.part_id, 'part_id');
    if (part.show_id !== show.id) {
      throw new ValidationFailed(
        `part_id ${credit.part_id} is a part of another show, not of "${show.title}".`,
        'part_id',
      );
    }
  }
  if (credit.character_id !== null) {
    const character = await findCharacter(trx, credit.character_id, 'character_id');
    if (character.show_id !== show.id) {
      throw new ValidationFailed(
        `character_id ${credit.character_id} (${character.name}) is a character of another show, not of "${show.title}".`,
        'character_id',
      );
    }
    if (credit.kind !== 'cast') {
      throw new ValidationFailed('Only a cast credit can name a character.', 'character_id');
    }
  }
}

export async function createCredit(trx: DbOrTrx, input: CreditFields): Promise<number> {
  const values: CreditValues = {
    person_id: required(input.person_id, 'person_id'),
    show_id: required(input.show_id, 'show_id'),
    part_id: input.part_id ?? null,
    character_id: input.character_id ?? null,
    kind: required(input.kind, 'kind'),
    role: required(input.role, 'role'),
    billing: input.billing ?? 100,
  };
  await checkCredit(trx, values);
  const row = await trx
    .insertInto('credits')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCredit(trx: DbOrTrx, id: number, input: CreditFields): Promise<void> {
  const current = await findCredit(trx, id);
  const values: CreditValues = {
    person_id: input.person_id ?? current.person_id,
    show_id: input.show_id ?? current.show_id,
    part_id: input.part_id !== undefined ? input.part_id : current.part_id,
    character_id: input.character_id !== undefined ? input.character_id : current.character_id,
    kind: input.kind ?? current.kind,
    role: input.role ?? current.role,
    billing: input.billing ?? current.billing,
  };
  await checkCredit(trx, values);
  await trx.updateTable('credits').set(values).where('id', '=', id).execute();
}

export async function deleteCredit(trx: DbOrTrx, id: number): Promise<void> {
  await findCredit(trx, id);
  await trx.deleteFrom('credits').where('id', '=', id).execute();
}
