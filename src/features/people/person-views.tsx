import { JsonLd } from '../../views/components/json-ld.js';
import { LocalTime } from '../../views/components/local-time.js';
import { Layout } from '../../views/layout.js';
import type { SiteInfo } from '../../views/site.js';
import { ArticleList, type ArticleSummary } from '../articles/index.js';
import { personJsonLd } from './people.jsonld.js';
import type { EventView, FilmographyEntry, MembershipView, PersonDetail } from './person.model.js';

export const ROLE_LABELS: Readonly<Record<string, string>> = {
  actor: 'Actor',
  director: 'Director',
  writer: 'Screenwriter',
  idol: 'Singer',
  producer: 'Producer',
};

/** "2012–2022", "2015–present", "since the start – 2019". Years only: the day rarely matters. */
export function membershipYears(membership: Pick<MembershipView, 'startDate' | 'endDate'>): string {
  const start = membership.startDate?.slice(0, 4);
  const end = membership.endDate?.slice(0, 4);
  if (start === undefined) return end === undefined ? '' : `until ${end}`;
  if (end === undefined) return `${start}–present`;
  return start === end ? start : `${start}–${end}`;
}

function airYears(entry: FilmographyEntry): string {
  const first = entry.firstAir?.slice(0, 4);
  const last = entry.lastAir?.slice(0, 4);
  if (first === undefined) return 'not yet aired';
  return last === undefined || last === first ? first : `${first}–${last}`;
}

function Groups({ memberships }: { memberships: readonly MembershipView[] }) {
  return (
    <ul class="person-groups">
      {memberships.map((m) => (
        <li key={`${m.group.id}-${m.startDate ?? ''}`}>
          <a href={`/groups/${m.group.slug}`}>
            <strong>{m.group.name}</strong>
          </a>
          {m.group.nameKo && <span lang="ko"> ({m.group.nameKo})</span>}
          {m.role && <span> · {m.role}</span>}
          <span class="person-groups__years"> · {membershipYears(m)}</span>
        </li>
      ))}
    </ul>
  );
}

function Filmography({ entries }: { entries: readonly FilmographyEntry[] }) {
  return (
    <ul class="person-filmography">
      {entries.map((entry, index) => (
        <li key={index}>
          <a href={`/shows/${entry.show.slug}`}>{entry.show.title}</a>
          {entry.show.titleKo && <span lang="ko"> ({entry.show.titleKo})</span>}
          <span class="person-filmography__years"> · {airYears(entry)}</span>
          {entry.show.isFictional && <span class="person-fictional"> · fictional</span>}
          <br />
          {entry.character ? (
            <span>
              as {entry.character.name}
              {entry.character.nameKo && <span lang="ko"> ({entry.character.nameKo})</span>}
            </span>
          ) : (
            <span>{ROLE_LABELS[entry.role] ?? entry.role}</span>
          )}
          {entry.partTitle && <span> · {entry.partTitle}</span>}
        </li>
      ))}
    </ul>
  );
}

function Events({ events }: { events: readonly EventView[] }) {
  return (
    <ul class="person-events">
      {events.map((event) => (
        <li key={event.id}>
          <a href={`/events/${event.slug}`}>
            <strong>{event.title}</strong>
          </a>
          <br />
          {[event.venue, event.city, event.country].filter(Boolean).join(', ')}
          <br />
          <LocalTime instant={event.startsAt} zone={event.zone} />
        </li>
      ))}
    </ul>
  );
}

export interface PersonPageProps {
  site: SiteInfo;
  person: PersonDetail;
  news: readonly ArticleSummary[];
}

/** /people/:slug — names, roles, groups over time, filmography, upcoming events and news. */
export function PersonPage({ site, person, news }: PersonPageProps) {
  const roles = person.roles.map((role) => ROLE_LABELS[role] ?? role);
  const aliases = person.aliases.filter((alias) => alias !== person.name);
  return (
    <Layout
      site={site}
      title={person.name}
      description={person.bio || `${person.name}: roles, groups and filmography.`}
      canonicalPath={person.path}
      islands={['local-time']}
      head={
        <>
          <link
            rel="alternate"
            type="text/calendar"
            title={`${person.name}: episodes and events`}
            href={`${person.path}/calendar.ics`}
          />
          <JsonLd data={personJsonLd(person, site.baseUrl)} />
        </>
      }
    >
      <article class="person-page" aria-labelledby="person-name">
        <header class="person-header">
          <h1 id="person-name">
            {person.name}
            {person.nameKo && (
              <span lang="ko" class="person-ko">
                {' '}
                {person.nameKo}
              </span>
            )}
          </h1>
          {roles.length > 0 && <p class="person-roles">{roles.join(' · ')}</p>}
          {aliases.length > 0 && <p class="person-aliases">Also known as {aliases.join(', ')}</p>}
          {person.bio && <p class="person-bio">{person.bio}</p>}
          <p class="person-calendar">
            <a href={`${person.path}/calendar.ics`} type="text/calendar">
              Add {person.name}’s episodes and events to your calendar
            </a>
          </p>
        </header>
        {person.memberships.length > 0 && (
          <section aria-labelledby="groups">
            <h2 id="groups">Groups</h2>
            <Groups memberships={person.memberships} />
          </section>
        )}
        {person.filmography.length > 0 && (
          <section aria-labelledby="filmography">
            <h2 id="filmography">Filmography</h2>
            <Filmography entries={person.filmography} />
          </section>
        )}
        {person.upcomingEvents.length > 0 && (
          <section aria-labelledby="events">
            <h2 id="events">Upcoming events</h2>
            <Events events={person.upcomingEvents} />
          </section>
        )}
        <section aria-labelledby="news">
          <h2 id="news">News about {person.name}</h2>
          <ArticleList
            articles={news}
            zone={site.zone}
            headingLevel={3}
            empty={`No news about ${person.name} yet.`}
          />
        </section>
      </article>
    </Layout>
  );
}
