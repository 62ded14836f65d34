import { JsonLd } from '../../views/components/json-ld.js';
import { LocalTime } from '../../views/components/local-time.js';
import { Layout } from '../../views/layout.js';
import type { SiteInfo } from '../../views/site.js';
import { zoneAbbreviation } from '../../lib/time.js';
import { ArticleList, type ArticleSummary } from '../articles/index.js';
import { episodeLabel } from './air-time.js';
import type {
  EpisodeView,
  NetworkView,
  PartView,
  ShowCredit,
  ShowDetail,
  SlotView,
} from './drama.model.js';
import { episodeAnchor } from './drama.model.js';
import { showJsonLd } from './drama.jsonld.js';
import type { ShowStatus, StatusEpisode } from './show-status.js';

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** "Saturday and Sunday, 21:10 KST on tvN" for each distinct time of a part's slots. */
export function describeSlots(slots: readonly SlotView[]): string[] {
  const groups = new Map<string, SlotView[]>();
  for (const slot of slots) {
    const key = `${slot.localTime}|${slot.zone}|${slot.network ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), slot]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0];
    if (first === undefined) return '';
    const days = group.map((slot) => `${WEEKDAYS[slot.weekday] ?? '?'}s`);
    const dayText =
      days.length > 1 ? `${days.slice(0, -1).join(', ')} and ${days[days.length - 1]}` : days[0];
    const zone = zoneAbbreviation(new Date().toISOString(), first.zone);
    return `${dayText} at ${first.localTime} ${zone}${first.network ? ` on ${first.network}` : ''}`;
  });
}

function statusEpisodeText(episode: StatusEpisode, parts: readonly PartView[]): string {
  const part = parts.find((p) => p.number === episode.partNumber);
  const label = episodeLabel({ number: episode.number, kind: episode.kind, title: null });
  return parts.length > 1 && part ? `${label} of ${part.title}` : label;
}

/** One line saying where the show stands: upcoming, airing, on break or finished. */
export function StatusLine({ status, parts }: { status: ShowStatus; parts: readonly PartView[] }) {
  switch (status.kind) {
    case 'unscheduled':
      return <p class="show-status show-status--unscheduled">No air dates announced yet.</p>;
    case 'upcoming':
      return (
        <p class="show-status show-status--upcoming">
          <strong>Upcoming.</strong> Premieres{' '}
          <LocalTime instant={status.premiere.airInstant} zone={status.premiere.zone} />
        </p>
      );
    case 'airing':
      return (
        <p class="show-status show-status--airing">
          <strong>Airing now.</strong> Next: {statusEpisodeText(status.next, parts)},{' '}
          <LocalTime instant={status.next.airInstant} zone={status.next.zone} />
        </p>
      );
    case 'on_break':
      return (
        <p class="show-status show-status--break">
          <strong>On a break.</strong> Returns with {statusEpisodeText(status.resumes, parts)},{' '}
          <LocalTime instant={status.resumes.airInstant} zone={status.resumes.zone} />
        </p>
      );
    case 'finished':
      return (
        <p class="show-status show-status--finished">
          <strong>Finished.</strong> The finale aired{' '}
          <LocalTime instant={status.finale.airInstant} zone={status.finale.zone} />
        </p>
      );
  }
}

function Networks({ networks }: { networks: readonly NetworkView[] }) {
  const broadcasters = networks.filter((n) => n.kind === 'broadcaster').map((n) => n.name);
  const streaming = networks.filter((n) => n.kind === 'streaming').map((n) => n.name);
  if (networks.length === 0) return null;
  return (
    <p class="show-networks">
      {broadcasters.length > 0 && <>Broadcast on {broadcasters.join(', ')}</>}
      {broadcasters.length > 0 && streaming.length > 0 && ' · '}
      {streaming.length > 0 && <>Streaming on {streaming.join(', ')}</>}
    </p>
  );
}

function EpisodeItem({ episode, partNumber }: { episode: EpisodeView; partNumber: number }) {
  const special = episode.kind === 'special';
  return (
    <li
      id={episodeAnchor(partNumber, episode)}
      class={special ? 'ep-item ep-item--special' : 'ep-item'}
    >
      <span class="ep-item__label">{episodeLabel(episode)}</span>
      {episode.title && !special && <span class="ep-item__title"> “{episode.title}”</span>}{' '}
      <LocalTime instant={episode.airInstant} zone={episode.zone} />
      {episode.note && <span class="ep-item__note"> — {episode.note}</span>}
    </li>
  );
}

function PartSection({ part, single }: { part: PartView; single: boolean }) {
  const headingId = `part-${part.number}`;
  const regular = part.episodes.filter((e) => e.kind === 'regular').length;
  return (
    <section class="show-part" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {single ? 'Episodes' : part.title}
        {part.subtitle && <>: {part.subtitle}</>}
        {part.subtitleKo && (
          <span lang="ko" class="show-ko">
            {' '}
            ({part.subtitleKo})
          </span>
        )}
      </h2>
      {part.timeSkipNote && <p class="show-part__skip">{part.timeSkipNote}</p>}
      {part.slots.length > 0 && (
        <p class="show-part__slots">
          {describeSlots(part.slots).join('; ')} · {regular}{' '}
          {regular === 1 ? 'episode' : 'episodes'}
        </p>
      )}
      {part.episodes.length > 0 ? (
        <ol class="ep-list">
          {part.episodes.map((episode) => (
            <EpisodeItem key={episode.id} episode={episode} partNumber={part.number} />
          ))}
        </ol>
      ) : (
        <p class="empty">No episodes scheduled yet.</p>
      )}
    </section>
  );
}

/** The anchor of a character on its show's page (search links there): `#character-<slug>`. */
export const characterAnchor = (slug: string) => `character-${slug}`;

function CastGrid({ credits, multiPart }: { credits: readonly ShowCredit[]; multiPart: boolean }) {
  // A character credited in several parts is anchored at its first credit only (ids are unique).
  const anchored = new Set<number>();
  const anchorOf = (credit: ShowCredit) => {
    const character = credit.character;
    if (character === null || anchored.has(character.id)) return undefined;
    anchored.add(character.id);
    return characterAnchor(character.slug);
  };
  return (
    <ul class="show-cast">
      {credits.map((credit) => (
        <li
          key={`${credit.person.id}-${credit.character?.id ?? 0}`}
          id={anchorOf(credit)}
          class="show-cast__item"
        >
          <a class="show-cast__person" href={`/people/${credit.person.slug}`}>
            {credit.person.name}
          </a>
          {credit.person.nameKo && (
            <span lang="ko" class="show-ko">
              {' '}
              {credit.person.nameKo}
            </span>
          )}
          {credit.character && (
            <span class="show-cast__character">
              as {credit.character.name}
              {credit.character.nameKo && <span lang="ko"> ({credit.character.nameKo})</span>}
            </span>
          )}
          {multiPart && credit.partNumber !== null && (
            <span class="show-cast__part">Part {credit.partNumber}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

function Crew({ credits }: { credits: readonly ShowCredit[] }) {
  const byRole = new Map<string, ShowCredit[]>();
  for (const credit of credits)
    byRole.set(credit.role, [...(byRole.get(credit.role) ?? []), credit]);
  return (
    <dl class="show-crew">
      {[...byRole.entries()].map(([role, list]) => (
        <div key={role}>
          <dt>{list.length > 1 ? `${capitalise(role)}s` : capitalise(role)}</dt>
          <dd>
            {list.map((credit, index) => (
              <span key={credit.person.id}>
                {index > 0 && ', '}
                <a href={`/people/${credit.person.slug}`}>{credit.person.name}</a>
              </span>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface ShowPageProps {
  site: SiteInfo;
  show: ShowDetail;
  news: readonly ArticleSummary[];
}

/** /shows/:slug — status, networks, synopsis, parts with episodes, cast, crew and news. */
export function ShowPage({ site, show, news }: ShowPageProps) {
  const cast = show.credits.filter((c) => c.kind === 'cast');
  const crew = show.credits.filter((c) => c.kind === 'crew');
  const single = show.parts.length === 1;
  return (
    <Layout
      site={site}
      title={show.title}
      description={show.synopsis.split('\n')[0]}
      canonicalPath={show.path}
      islands={['local-time']}
      head={
        <>
          <link
            rel="alternate"
            type="text/calendar"
            title={`${show.title} episodes`}
            href={`${show.path}/calendar.ics`}
          />
          <JsonLd data={showJsonLd(show, site.baseUrl)} />
        </>
      }
    >
      <article class="show-page" aria-labelledby="show-title">
        <header class="show-header">
          <h1 id="show-title">
            {show.title}
            {show.titleKo && (
              <span lang="ko" class="show-ko">
                {' '}
                {show.titleKo}
              </span>
            )}
          </h1>
          {show.isFictional && (
            <p class="show-fictional" role="note">
              This is an invented show, part of Deho’s sample content.
            </p>
          )}
          <StatusLine status={show.status} parts={show.parts} />
          <Networks networks={show.networks} />
          {show.genres.length > 0 && <p class="show-genres">{show.genres.join(' · ')}</p>}
          <p class="show-calendar">
            <a href={`${show.path}/calendar.ics`} type="text/calendar">
              Add the episodes to your calendar
            </a>{' '}
            (iCalendar; times update when an episode moves)
          </p>
        </header>
        {show.synopsis && (
          <section class="show-synopsis" aria-label="Synopsis">
            {show.synopsis.split(/\n{2,}/).map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </section>
        )}
        {show.parts.map((part) => (
          <PartSection key={part.id} part={part} single={single} />
        ))}
        {cast.length > 0 && (
          <section aria-labelledby="cast">
            <h2 id="cast">Cast</h2>
            <CastGrid credits={cast} multiPart={!single} />
          </section>
        )}
        {crew.length > 0 && (
          <section aria-labelledby="crew">
            <h2 id="crew">Crew</h2>
            <Crew credits={crew} />
          </section>
        )}
        {show.events.length > 0 && (
          <section aria-labelledby="events">
            <h2 id="events">Upcoming events</h2>
            <ul class="show-events">
              {show.events.map((event) => (
                <li key={event.id}>
                  <a href={`/events/${event.slug}`}>
                    <strong>{event.title}</strong>
                  </a>
                  {event.place && <span class="show-events__place"> · {event.place}</span>}
                  <br />
                  <LocalTime instant={event.startsAt} zone={event.zone} />
                </li>
              ))}
            </ul>
          </section>
        )}
        <section aria-labelledby="news">
          <h2 id="news">News about {show.title}</h2>
          <ArticleList
            articles={news}
            zone={site.zone}
            headingLevel={3}
            empty="No news about this show yet."
          />
        </section>
      </article>
    </Layout>
  );
}
