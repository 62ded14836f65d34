import { DateTime } from 'luxon';
import type { DbOrTrx } from '../../db/database.js';
import { nowIso, type Clock } from '../../lib/clock.js';
import {
  ALCHEMY,
  CHARACTERS,
  CREDITS,
  GROUPS,
  MOONLIT,
  MOONLIT_CHARACTERS,
  MOONLIT_CREDITS,
  MOONLIT_EVENT,
  MOONLIT_PEOPLE,
  PEOPLE,
  type DemoCharacter,
  type DemoCredit,
  type DemoPerson,
} from './demo-data.js';
import { generateEpisodes, slotInstant, type Slot } from './episode-schedule.js';

interface Seeder {
  db: DbOrTrx;
  stamp: { created_at: string; updated_at: string };
  people: Map<string, number>;
}

async function insertNetwork(
  s: Seeder,
  network: { slug: string; name: string; kind: 'broadcaster' | 'streaming'; url: string | null },
): Promise<number> {
  const row = await s.db
    .insertInto('networks')
    .values(network)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertPeople(s: Seeder, people: readonly DemoPerson[]): Promise<void> {
  for (const person of people) {
    const row = await s.db
      .insertInto('people')
      .values({
        slug: person.slug,
        name: person.name,
        name_ko: person.nameKo,
        aliases: JSON.stringify(person.aliases),
        roles: JSON.stringify(person.roles),
        bio: person.bio,
        birth_date: null,
        image_id: null,
        ...s.stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    s.people.set(person.slug, row.id);
  }
}

interface ShowSeed {
  slug: string;
  title: string;
  titleKo: string;
  aliases: readonly string[];
  genres: readonly string[];
  synopsis: string;
  isFictional: boolean;
  networkIds: number[];
}

async function insertShow(s: Seeder, show: ShowSeed): Promise<number> {
  const row = await s.db
    .insertInto('shows')
    .values({
      slug: show.slug,
      title: show.title,
      title_ko: show.titleKo,
      aliases: JSON.stringify(show.aliases),
      genres: JSON.stringify(show.genres),
      synopsis: show.synopsis,
      poster_id: null,
      is_fictional: show.isFictional ? 1 : 0,
      ...s.stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [position, networkId] of show.networkIds.entries()) {
    await s.db
      .insertInto('show_networks')
      .values({ show_id: row.id, network_id: networkId, position })
      .execute();
  }
  return row.id;
}

interface PartSeed {
  number: number;
  title: string;
  subtitle: string | null;
  subtitleKo: string | null;
  timeSkipNote: string | null;
  slots: readonly Slot[];
  networkId: number;
  startDate: string;
  count: number;
  skipDates: readonly string[];
  specials: readonly { date: string; title: string; note: string }[];
}

/** A part with its slots, its generated episodes and its hand-entered specials. */
async function insertPart(s: Seeder, showId: number, part: PartSeed): Promise<number> {
  const row = await s.db
    .insertInto('parts')
    .values({
      show_id: showId,
      number: part.number,
      title: part.title,
      subtitle: part.subtitle,
      subtitle_ko: part.subtitleKo,
      time_skip_note: part.timeSkipNote,
      ...s.stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await s.db
    .insertInto('broadcast_slots')
    .values(
      part.slots.map((slot) => ({
        part_id: row.id,
        weekday: slot.weekday,
        local_time: slot.localTime,
        zone: slot.zone,
        network_id: part.networkId,
      })),
    )
    .execute();
  const generated = generateEpisodes({
    slots: part.slots,
    startDate: part.startDate,
    count: part.count,
    skipDates: part.skipDates,
  });
  const base = { part_id: row.id, runtime_minutes: null, ...s.stamp };
  await s.db
    .insertInto('episodes')
    .values([
      ...generated.map((e) => ({
        ...base,
        number: e.number,
        kind: 'regular' as const,
        title: null,
        air_instant: e.airInstant,
        zone: e.zone,
        note: null,
        is_edited: 0 as const,
      })),
      // Specials are entered by hand: marked edited so that regeneration leaves them alone.
      ...part.specials.map((special) => {
        const slot =
          part.slots.find(
            (x) => x.weekday === DateTime.fromISO(special.date, { zone: 'utc' }).weekday % 7,
          ) ?? part.slots[0];
        if (slot === undefined) throw new Error('A part with specials needs a slot.');
        return {
          ...base,
          number: null,
          kind: 'special' as const,
          title: special.title,
          air_instant: slotInstant(special.date, slot),
          zone: slot.zone,
          note: special.note,
          is_edited: 1 as const,
        };
      }),
    ])
    .execute();
  return row.id;
}

async function insertCharactersAndCredits(
  s: Seeder,
  showId: number,
  partIds: Map<number, number>,
  characters: readonly DemoCharacter[],
  credits: readonly DemoCredit[],
): Promise<void> {
  const characterIds = new Map<string, number>();
  for (const character of characters) {
    const row = await s.db
      .insertInto('characters')
      .values({
        show_id: showId,
        slug: character.slug,
        name: character.name,
        name_ko: character.nameKo,
        aliases: JSON.stringify(character.aliases),
        description: character.description,
        ...s.stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    characterIds.set(character.slug, row.id);
  }
  await s.db
    .insertInto('credits')
    .values(
      credits.map((credit) => ({
        person_id: required(s.people.get(credit.person), credit.person),
        show_id: showId,
        part_id:
          credit.part === undefined
            ? null
            : required(partIds.get(credit.part), `part ${credit.part}`),
        character_id:
          credit.character === undefined
            ? null
            : required(characterIds.get(credit.character), credit.character),
        kind: credit.kind,
        role: credit.role,
        billing: credit.billing,
      })),
    )
    .execute();
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Demo data refers to unknown ${what}.`);
  return value;
}

async function seedAlchemy(s: Seeder, tvn: number, netflix: number): Promise<void> {
  const showId = await insertShow(s, {
    ...ALCHEMY,
    isFictional: false,
    networkIds: [tvn, netflix],
  });
  const partIds = new Map<number, number>();
  for (const part of ALCHEMY.parts) {
    partIds.set(
      part.number,
      await insertPart(s, showId, { ...part, slots: ALCHEMY.slots, networkId: tvn }),
    );
  }
  await insertCharactersAndCredits(s, showId, partIds, CHARACTERS, CREDITS);
  for (const group of GROUPS) {
    const row = await s.db
      .insertInto('groups')
      .values({
        slug: group.slug,
        name: group.name,
        name_ko: group.nameKo,
        aliases: JSON.stringify(group.aliases),
        kind: 'idol_group',
        debut_date: group.debutDate,
        disband_date: group.disbandDate,
        description: group.description,
        ...s.stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const member of group.members) {
      await s.db
        .insertInto('group_memberships')
        .values({
          group_id: row.id,
          person_id: required(s.people.get(member.person), member.person),
          role: null,
          start_date: member.start,
          end_date: member.end,
        })
        .execute();
    }
  }
}

/** The fictional show: 16 episodes, Wed/Thu 20:50 KST, started three weeks before `now`. */
async function seedMoonlit(s: Seeder, now: Date): Promise<void> {
  const networkId = await insertNetwork(s, MOONLIT.network);
  const showId = await insertShow(s, {
    ...MOONLIT,
    aliases: [],
    isFictional: true,
    networkIds: [networkId],
  });
  const startDate =
    DateTime.fromJSDate(now)
      .setZone('Asia/Seoul')
      .minus({ days: MOONLIT.startedDaysAgo })
      .toISODate() ?? '';
  const partId = await insertPart(s, showId, {
    number: 1,
    title: 'Season 1',
    subtitle: null,
    subtitleKo: null,
    timeSkipNote: null,
    slots: MOONLIT.slots,
    networkId,
    startDate,
    count: MOONLIT.count,
    skipDates: [],
    specials: [],
  });
  await insertCharactersAndCredits(
    s,
    showId,
    new Map([[1, partId]]),
    MOONLIT_CHARACTERS,
    MOONLIT_CREDITS,
  );

  const event = MOONLIT_EVENT;
  const day =
    DateTime.fromJSDate(now).setZone(event.zone).plus({ days: event.inDays }).toISODate() ?? '';
  const startsAt = slotInstant(day, { localTime: event.localTime, zone: event.zone });
  const row = await s.db
    .insertInto('events')
    .values({
      slug: event.slug,
      title: event.title,
      kind: event.kind,
      venue: event.venue,
      city: event.city,
      country: event.country,
      starts_at: startsAt,
      ends_at: DateTime.fromISO(startsAt).plus({ hours: event.hours }).toUTC().toISO() ?? startsAt,
      zone: event.zone,
      description: event.description,
      ...s.stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const person of event.people) {
    await s.db
      .insertInto('event_people')
      .values({ event_id: row.id, person_id: required(s.people.get(person), person) })
      .execute();
  }
}

/**
 * Seeds networks, shows, parts, slots, episodes, people, groups, characters and credits:
 * Alchemy of Souls at its true air times, and the fictional Moonlit Ledger airing around
 * `clock()`, with a sample fan meeting. Runs inside the demo's transaction, before the articles.
 */
export async function seedDramaDemo(db: DbOrTrx, clock: Clock): Promise<void> {
  const now = nowIso(clock);
  const s: Seeder = { db, stamp: { created_at: now, updated_at: now }, people: new Map() };
  const tvn = await insertNetwork(s, {
    slug: 'tvn',
    name: 'tvN',
    kind: 'broadcaster',
    url: 'https://tvn.cjenm.com',
  });
  const netflix = await insertNetwork(s, {
    slug: 'netflix',
    name: 'Netflix',
    kind: 'streaming',
    url: 'https://www.netflix.com',
  });
  await insertPeople(s, [...PEOPLE, ...MOONLIT_PEOPLE]);
  await seedAlchemy(s, tvn, netflix);
  await seedMoonlit(s, clock());
}
