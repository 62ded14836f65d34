import type { DbOrTrx } from '../../db/database.js';
import { containsText } from './admin-helpers.js';
import type { AdminShowListQuery } from './drama.admin.schemas.js';
import { creditQuery, toApiCredit } from './drama.content.js';
import { parseStringList, showPath } from './drama.model.js';
import { pagination, type Page } from './drama.service.js';
import { computeShowStatus, type StatusEpisode } from './show-status.js';

/*
 * Lists of the Admin API for the admin screens: shows with their status (searchable), and the
 * credits of a show or a person with the ids an editor needs to change them.
 */

function matchingShows(db: DbOrTrx, q: string) {
  return db
    .selectFrom('shows')
    .$if(q !== '', (qb) =>
      qb.where((eb) =>
        eb.or(containsText(['shows.title', 'shows.title_ko', 'shows.slug', 'shows.aliases'], q)),
      ),
    );
}

/**
 * Shows whose names contain `q`, by title, with the status each has at `now`. The status is
 * computed from the episodes, not stored, so the filter by status runs here after one query for
 * the shows and one for their regular episodes; newsrooms keep hundreds of shows, not millions.
 */
export async function listShows(
  db: DbOrTrx,
  now: Date,
  query: AdminShowListQuery,
  baseUrl: string,
) {
  const page: Page = { page: query.page ?? 1, limit: query.limit ?? 20 };
  const q = (query.q ?? '').trim();
  const [shows, episodes, networks] = await Promise.all([
    matchingShows(db, q)
      .select(['id', 'slug', 'title', 'title_ko', 'aliases', 'updated_at'])
      .orderBy('title')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('episodes')
      .innerJoin('parts', 'parts.id', 'episodes.part_id')
      .where('parts.show_id', 'in', matchingShows(db, q).select('shows.id'))
      .select([
        'parts.show_id',
        'parts.number as part_number',
        'episodes.id',
        'episodes.number',
        'episodes.kind',
        'episodes.air_instant',
        'episodes.zone',
      ])
      .execute(),
    db
      .selectFrom('show_networks')
      .innerJoin('networks', 'networks.id', 'show_networks.network_id')
      .where('show_networks.show_id', 'in', matchingShows(db, q).select('shows.id'))
      .select(['show_networks.show_id', 'networks.name'])
      .orderBy('show_networks.position')
      .execute(),
  ]);
  const episodesOf = new Map<number, StatusEpisode[]>();
  for (const e of episodes) {
    const list = episodesOf.get(e.show_id) ?? [];
    list.push({
      id: e.id,
      number: e.number,
      kind: e.kind,
      airInstant: e.air_instant,
      zone: e.zone,
      partNumber: e.part_number,
    });
    episodesOf.set(e.show_id, list);
  }
  const networksOf = new Map<number, string[]>();
  for (const n of networks)
    networksOf.set(n.show_id, [...(networksOf.get(n.show_id) ?? []), n.name]);
  const rows = shows
    .map((show) => {
      const list = episodesOf.get(show.id) ?? [];
      const instants = list.map((e) => e.airInstant).sort();
      return {
        id: show.id,
        slug: show.slug,
        title: show.title,
        title_ko: show.title_ko,
        aliases: parseStringList(show.aliases),
        networks: networksOf.get(show.id) ?? [],
        status: computeShowStatus(list, now).kind,
        episode_count: list.filter((e) => e.kind === 'regular').length,
        first_air: instants[0] ?? null,
        last_air: instants[instants.length - 1] ?? null,
        updated_at: show.updated_at,
        url: baseUrl + showPath(show.slug),
      };
    })
    .filter((show) => query.status === undefined || show.status === query.status);
  const start = (page.page - 1) * page.limit;
  return {
    shows: rows.slice(start, start + page.limit),
    meta: { pagination: pagination(page, rows.length) },
  };
}

/** Credits of a show and/or a person, by billing, with their ids. */
export async function listCredits(
  db: DbOrTrx,
  filter: { showId?: number; personId?: number },
  page: Page,
  baseUrl: string,
) {
  const filtered = <Q extends ReturnType<typeof creditQuery>>(q: Q): Q =>
    q
      .$if(filter.showId !== undefined, (w) => w.where('credits.show_id', '=', filter.showId ?? 0))
      .$if(filter.personId !== undefined, (w) =>
        w.where('credits.person_id', '=', filter.personId ?? 0),
      ) as Q;
  const [rows, total] = await Promise.all([
    filtered(creditQuery(db))
      .orderBy('shows.title')
      .orderBy('credits.billing')
      .orderBy('credits.id')
      .limit(page.limit)
      .offset((page.page - 1) * page.limit)
      .execute(),
    filtered(creditQuery(db))
      .clearSelect()
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst(),
  ]);
  return {
    credits: rows.map((row) => toApiCredit(row, baseUrl)),
    meta: { pagination: pagination(page, Number(total?.n ?? 0)) },
  };
}
