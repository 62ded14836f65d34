import type { DbOrTrx } from '../../db/database.js';
import { NotFound } from '../../lib/errors.js';
import { pagination, type Page, type Pagination } from '../dramas/index.js';
import type { PersonDetail, PersonSummary } from './person.model.js';
import * as repo from './person.repository.js';

/** The person page's (and the person API item's) data; events are those not over at `now`. */
export async function getPersonDetail(db: DbOrTrx, slug: string, now: Date): Promise<PersonDetail> {
  const person = await repo.findPersonBySlug(db, slug);
  if (person === undefined) throw new NotFound(`There is no person at "${slug}".`);
  const [memberships, filmography, upcomingEvents] = await Promise.all([
    repo.membershipsOf(db, person.id),
    repo.filmographyOf(db, person.id),
    repo.upcomingEventsOf(db, person.id, now.toISOString()),
  ]);
  return {
    ...repo.toPersonSummary(person),
    bio: person.bio,
    memberships,
    filmography,
    upcomingEvents,
  };
}

/** One page of people, by name. */
export async function pageOfPeople(
  db: DbOrTrx,
  page: Page,
): Promise<{ people: PersonSummary[]; pagination: Pagination }> {
  const [rows, total] = await Promise.all([
    repo.listPeopleRows(db, { limit: page.limit, offset: (page.page - 1) * page.limit }),
    repo.countPeople(db),
  ]);
  return { people: rows.map(repo.toPersonSummary), pagination: pagination(page, total) };
}
