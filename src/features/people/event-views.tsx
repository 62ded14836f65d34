import { JsonLd } from '../../views/components/json-ld.js';
import { LocalTime } from '../../views/components/local-time.js';
import { Layout } from '../../views/layout.js';
import type { SiteInfo } from '../../views/site.js';
import { ArticleList, type ArticleSummary } from '../articles/index.js';
import { eventJsonLd } from './people.jsonld.js';
import type { EventDetail } from './person.model.js';

const KIND_LABELS: Readonly<Record<string, string>> = {
  fan_meeting: 'Fan meeting',
  showcase: 'Showcase',
  press_conference: 'Press conference',
  concert: 'Concert',
  other: 'Event',
};

export function eventKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? 'Event';
}

function placeText(event: EventDetail): string {
  return [event.venue, event.city, event.country].filter(Boolean).join(', ');
}

function People({ event }: { event: EventDetail }) {
  return (
    <>
      {event.people.map((person, index) => (
        <span key={person.id}>
          {index > 0 && ', '}
          <a href={person.path}>{person.name}</a>
        </span>
      ))}
    </>
  );
}

export interface EventPageProps {
  site: SiteInfo;
  event: EventDetail;
  news: readonly ArticleSummary[];
  /** ISO instant of "now": a past event reads in the past tense. */
  now: string;
}

/** /events/:slug — what, who, where and when (venue time and the reader's), news. */
export function EventPage({ site, event, news, now }: EventPageProps) {
  const over = Date.parse(event.endsAt ?? event.startsAt) < Date.parse(now);
  const place = placeText(event);
  return (
    <Layout
      site={site}
      title={event.title}
      description={event.description || `${event.title}${place ? `, ${place}` : ''}.`}
      canonicalPath={event.path}
      islands={['local-time']}
      head={
        <>
          <link
            rel="alternate"
            type="text/calendar"
            title={event.title}
            href={`${event.path}/calendar.ics`}
          />
          <JsonLd data={eventJsonLd(event, site.baseUrl)} />
        </>
      }
    >
      <article class="event-page" aria-labelledby="event-title">
        <header class="event-header">
          <p class="event-kind">{eventKindLabel(event.kind)}</p>
          <h1 id="event-title">{event.title}</h1>
          {over && <p class="event-over">This event is over.</p>}
        </header>
        <dl class="event-facts">
          {event.people.length > 0 && (
            <div>
              <dt>Who</dt>
              <dd>
                <People event={event} />
              </dd>
            </div>
          )}
          {place && (
            <div>
              <dt>Where</dt>
              <dd>{place}</dd>
            </div>
          )}
          <div>
            <dt>{over ? 'Started' : 'Starts'}</dt>
            <dd>
              <LocalTime instant={event.startsAt} zone={event.zone} />
            </dd>
          </div>
          {event.endsAt && (
            <div>
              <dt>{over ? 'Ended' : 'Ends'}</dt>
              <dd>
                <LocalTime instant={event.endsAt} zone={event.zone} />
              </dd>
            </div>
          )}
        </dl>
        {event.description && <p class="event-description">{event.description}</p>}
        <p class="event-calendar">
          <a href={`${event.path}/calendar.ics`} type="text/calendar">
            Add to your calendar
          </a>
        </p>
        <section aria-labelledby="news">
          <h2 id="news">News about this event</h2>
          <ArticleList
            articles={news}
            zone={site.zone}
            headingLevel={3}
            empty="No news about this event yet."
          />
        </section>
      </article>
    </Layout>
  );
}

export interface EventsPageProps {
  site: SiteInfo;
  events: readonly EventDetail[];
}

/** /events — upcoming fan meetings, showcases and the like, soonest first. */
export function EventsPage({ site, events }: EventsPageProps) {
  return (
    <Layout
      site={site}
      title="Upcoming events"
      description="Fan meetings, showcases and press conferences of drama casts, soonest first."
      canonicalPath="/events"
      islands={['local-time']}
      head={
        events.length > 0 ? (
          <JsonLd data={events.map((event) => eventJsonLd(event, site.baseUrl))} />
        ) : undefined
      }
    >
      <h1>Upcoming events</h1>
      {events.length === 0 ? (
        <p class="empty">No events are announced right now.</p>
      ) : (
        <ul class="event-list">
          {events.map((event) => (
            <li key={event.id} class="event-list__item">
              <span class="event-kind">{eventKindLabel(event.kind)}</span>
              <h2 class="event-list__title">
                <a href={event.path}>{event.title}</a>
              </h2>
              {event.people.length > 0 && (
                <p>
                  With <People event={event} />
                </p>
              )}
              {placeText(event) && <p>{placeText(event)}</p>}
              <LocalTime instant={event.startsAt} zone={event.zone} />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
