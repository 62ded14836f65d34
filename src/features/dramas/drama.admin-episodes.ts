import type { DbOrTrx } from '../../db/database.js';
import { nowIso, type Clock } from '../../lib/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../../lib/errors.js';
import { checkZone, parseInstant, required } from './admin-helpers.js';
import { findPart } from './drama.admin.js';
import type { EpisodeFields, GenerationFields } from './drama.admin.schemas.js';
import type { EpisodeRow } from './drama.table.js';
import { generateEpisodes, regenerate, type ExistingEpisode } from './episode-schedule.js';

/*
 * Admin writes of episodes: generation from a part's slots (and regeneration that never touches
 * an edited episode or a special), then edits one by one. Any hand edit marks the episode
 * is_edited; moving its air instant bumps its iCalendar sequence.
 */

export async function findEpisode(trx: DbOrTrx, id: number): Promise<EpisodeRow> {
  const row = await trx.selectFrom('episodes').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFound(`There is no episode with id ${id}.`);
  return row;
}

async function checkNumberFree(trx: DbOrTrx, partId: number, number: number, exceptId = 0) {
  const row = await trx
    .selectFrom('episodes')
    .select('id')
    .where('part_id', '=', partId)
    .where('number', '=', number)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  if (row !== undefined) {
    throw new Conflict(`Episode ${number} already exists in this part.`, 'number');
  }
}

export interface GenerationResult {
  inserted: number;
  updated: number;
  removed: number;
  kept: number;
}

/** The stored episodes of a part and what a generation would do to them. */
async function planForPart(trx: DbOrTrx, partId: number, input: GenerationFields) {
  await findPart(trx, partId);
  const slots = await trx
    .selectFrom('broadcast_slots')
    .select(['weekday', 'local_time', 'zone'])
    .where('part_id', '=', partId)
    .execute();
  const generated = generateEpisodes({
    slots: slots.map((s) => ({ weekday: s.weekday, localTime: s.local_time, zone: s.zone })),
    startDate: input.start_date,
    count: input.count,
    ...(input.skip_dates !== undefined && { skipDates: input.skip_dates }),
    ...(input.first_number !== undefined && { firstNumber: input.first_number }),
  });
  const rows = await trx.selectFrom('episodes').selectAll().where('part_id', '=', partId).execute();
  const existing: ExistingEpisode[] = rows.map((row) => ({
    id: row.id,
    number: row.number,
    kind: row.kind,
    airInstant: row.air_instant,
    zone: row.zone,
    isEdited: row.is_edited === 1,
  }));
  return { rows, plan: regenerate(existing, generated) };
}

/** One line of a generation preview: an episode as it would stand, and what happens to it. */
export interface PreviewEpisode {
  id: number | null;
  number: number | null;
  kind: 'regular' | 'special';
  air_instant: string;
  zone: string;
  /** new: inserted; moved: unedited, follows the new plan; kept: unchanged, edited or special. */
  change: 'new' | 'moved' | 'kept';
  is_edited: boolean;
  /** The air instant before the change, for moved episodes. */
  previous_air_instant: string | null;
}

/**
 * What `generateForPart` would do, without writing: the part's episodes afterwards in air
 * order, and the unedited ones it would remove.
 */
export async function previewForPart(trx: DbOrTrx, partId: number, input: GenerationFields) {
  const { rows, plan } = await planForPart(trx, partId, input);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const episodes: PreviewEpisode[] = [
    ...plan.keep.map((e) => ({
      id: e.id,
      number: e.number,
      kind: e.kind,
      air_instant: e.airInstant,
      zone: e.zone,
      change: 'kept' as const,
      is_edited: e.isEdited,
      previous_air_instant: null,
    })),
    ...plan.update.map((e) => ({
      id: e.id,
      number: e.number,
      kind: 'regular' as const,
      air_instant: e.airInstant,
      zone: e.zone,
      change: 'moved' as const,
      is_edited: false,
      previous_air_instant: byId.get(e.id)?.air_instant ?? null,
    })),
    ...plan.insert.map((e) => ({
      id: null,
      number: e.number,
      kind: 'regular' as const,
      air_instant: e.airInstant,
      zone: e.zone,
      change: 'new' as const,
      is_edited: false,
      previous_air_instant: null,
    })),
  ].sort((a, b) => Date.parse(a.air_instant) - Date.parse(b.air_instant));
  const removed = plan.remove.flatMap((id) => {
    const row = byId.get(id);
    return row === undefined ? [] : [{ id, number: row.number, air_instant: row.air_instant }];
  });
  return {
    inserted: plan.insert.length,
    updated: plan.update.length,
    removed: plan.remove.length,
    kept: plan.keep.length,
    episodes,
    removed_episodes: removed,
  };
}

/**
 * Generates the part's numbered episodes from its broadcast slots, or regenerates them: unedited
 * episodes follow the new plan (moved ones get a higher sequence), edited ones and specials stay.
 */
export async function generateForPart(
  trx: DbOrTrx,
  clock: Clock,
  partId: number,
  input: GenerationFields,
): Promise<GenerationResult> {
  const { plan } = await planForPart(trx, partId, input);
  const now = nowIso(clock);
  if (plan.remove.length > 0) {
    await trx.deleteFrom('episodes').where('id', 'in', plan.remove).execute();
  }
  for (const change of plan.update) {
    await trx
      .updateTable('episodes')
      .set((eb) => ({
        air_instant: change.airInstant,
        zone: change.zone,
        sequence: eb('sequence', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', change.id)
      .execute();
  }
  if (plan.insert.length > 0) {
    await trx
      .insertInto('episodes')
      .values(
        plan.insert.map((episode) => ({
          part_id: partId,
          number: episode.number,
          kind: 'regular' as const,
          title: null,
          air_instant: episode.airInstant,
          zone: episode.zone,
          runtime_minutes: null,
          note: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  return {
    inserted: plan.insert.length,
    updated: plan.update.length,
    removed: plan.remove.length,
    kept: plan.keep.length,
  };
}

/** The zone of the part's first broadcast slot, for episodes sent without one. */
async function defaultZone(trx: DbOrTrx, partId: number): Promise<string | undefined> {
  const slot = await trx
    .selectFrom('broadcast_slots')
    .select('zone')
    .where('part_id', '=', partId)
    .orderBy('id')
    .executeTakeFirst();
  return slot?.zone;
}

/** A hand-made episode (a special, an extra episode). It counts as edited. */
export async function createEpisode(
  trx: DbOrTrx,
  clock: Clock,
  input: EpisodeFields,
): Promise<number> {
  const partId = required(input.part_id, 'part_id');
  await findPart(trx, partId, 'part_id');
  const kind = input.kind ?? 'regular';
  const number = input.number ?? null;
  if (kind === 'regular' && number === null) {
    throw new ValidationFailed('number is required for a regular episode.', 'number');
  }
  const zone = checkZone(input.zone ?? required(await defaultZone(trx, partId), 'zone'));
  const airInstant = parseInstant(required(input.air_instant, 'air_instant'), zone, 'air_instant');
  if (number !== null) await checkNumberFree(trx, partId, number);
  const now = nowIso(clock);
  const row = await trx
    .insertInto('episodes')
    .values({
      part_id: partId,
      number,
      kind,
      title: input.title ?? null,
      air_instant: airInstant,
      zone,
      runtime_minutes: input.runtime_minutes ?? null,
      note: input.note ?? null,
      is_edited: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes some fields; marks the episode edited, and bumps its sequence when it moves. */
export async function updateEpisode(
  trx: DbOrTrx,
  clock: Clock,
  id: number,
  input: EpisodeFields,
): Promise<void> {
  const current = await findEpisode(trx, id);
  if (input.part_id !== undefined && input.part_id !== current.part_id) {
    throw new ValidationFailed('An episode cannot move to another part.', 'part_id');
  }
  const kind = input.kind ?? current.kind;
  const number = input.number !== undefined ? input.number : current.number;
  if (kind === 'regular' && number === null) {
    throw new ValidationFailed('number is required for a regular episode.', 'number');
  }
  const zone = input.zone !== undefined ? checkZone(input.zone) : current.zone;
  const airInstant =
    input.air_instant !== undefined
      ? parseInstant(input.air_instant, zone, 'air_instant')
      : current.air_instant;
  if (number !== null && number !== current.number) {
    await checkNumberFree(trx, current.part_id, number, id);
  }
  const moved = Date.parse(airInstant) !== Date.parse(current.air_instant);
  await trx
    .updateTable('episodes')
    .set({
      kind,
      number,
      zone,
      air_instant: airInstant,
      ...(input.title !== undefined && { title: input.title }),
      ...(input.runtime_minutes !== undefined && { runtime_minutes: input.runtime_minutes }),
      ...(input.note !== undefined && { note: input.note }),
      is_edited: 1,
      sequence: current.sequence + (moved ? 1 : 0),
      updated_at: nowIso(clock),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteEpisode(trx: DbOrTrx, id: number): Promise<void> {
  await findEpisode(trx, id);
  await trx.deleteFrom('episodes').where('id', '=', id).execute();
}

/** An episode as the Admin API answers it. */
export function toAdminEpisode(row: EpisodeRow) {
  return {
    id: row.id,
    part_id: row.part_id,
    number: row.number,
    kind: row.kind,
    title: row.title,
    air_instant: row.air_instant,
    zone: row.zone,
    runtime_minutes: row.runtime_minutes,
    note: row.note,
    is_edited: row.is_edited === 1,
    sequence: row.sequence,
  };
}
