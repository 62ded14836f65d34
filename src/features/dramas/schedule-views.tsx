import { DateTime } from 'luxon';
import { LocalTime } from '../../views/components/local-time.js';
import { Layout } from '../../views/layout.js';
import type { SiteInfo } from '../../views/site.js';
import { episodeLabel } from './air-time.js';
import { episodePath } from './drama.model.js';
import type { Schedule, ScheduleDay } from './drama.service.js';

function ScheduleItem({ episode }: { episode: ScheduleDay['episodes'][number] }) {
  return (
    <li class="schedule-item" data-instant={episode.airInstant}>
      <a class="schedule-item__show" href={episodePath(episode.show, episode.part.number, episode)}>
        {episode.show.title}
      </a>{' '}
      <span class="schedule-item__what">
        {episodeLabel(episode)}
        {episode.part.subtitle
          ? `, ${episode.part.title}: ${episode.part.subtitle}`
          : `, ${episode.part.title}`}
      </span>
      <br />
      <LocalTime instant={episode.airInstant} zone={episode.zone} />
    </li>
  );
}

function DayGroup({ day, today }: { day: ScheduleDay; today: string }) {
  const date = DateTime.fromISO(day.date, { zone: 'utc' });
  const headingId = `day-${day.date}`;
  return (
    <section class="schedule-day" data-schedule-day={day.date} aria-labelledby={headingId}>
      <h3 id={headingId}>
        <time dateTime={day.date}>{date.toFormat('cccc d LLLL')}</time>
        {day.date === today && <span class="schedule-today"> (today)</span>}
      </h3>
      <ul class="schedule-list">
        {day.episodes.map((episode) => (
          <ScheduleItem key={episode.id} episode={episode} />
        ))}
      </ul>
    </section>
  );
}

/** Said once for a week without episodes (the `schedule` island says the same). */
const EMPTY_WEEK = 'No episodes air this week.';

export interface SchedulePageProps {
  site: SiteInfo;
  schedule: Schedule;
  /** Today's date (YYYY-MM-DD) in the schedule's zone. */
  today: string;
}

/**
 * /schedule — this week and next, grouped by day in Korean time; only days with episodes are
 * listed, and an empty week says so in one line. The `schedule` island regroups
 * the same items by the reader's own day; without JavaScript the KST grouping stands.
 */
export function SchedulePage({ site, schedule, today }: SchedulePageProps) {
  const weeks = [
    { id: 'this-week', title: 'This week', days: schedule.days.slice(0, 7) },
    { id: 'next-week', title: 'Next week', days: schedule.days.slice(7) },
  ];
  return (
    <Layout
      site={site}
      title="Schedule"
      description="Every drama episode airing this week and next, in Korean time and yours."
      canonicalPath="/schedule"
      islands={['local-time', 'schedule']}
      head={
        <link rel="alternate" type="text/calendar" title="Drama schedule" href="/schedule.ics" />
      }
    >
      <h1>Schedule</h1>
      <p class="schedule-zone-note" data-schedule-note>
        Days and times are in Korean Standard Time (KST), where these dramas air.
      </p>
      <p class="schedule-calendar">
        <a href="/schedule.ics" type="text/calendar">
          Subscribe to the schedule
        </a>{' '}
        in your calendar app: every episode, in your own time zone.
      </p>
      <div class="schedule" data-schedule data-schedule-now={schedule.now}>
        {schedule.edges.length > 0 && (
          <ul hidden class="schedule-list" data-schedule-edges>
            {schedule.edges.map((episode) => (
              <ScheduleItem key={episode.id} episode={episode} />
            ))}
          </ul>
        )}
        {weeks.map((week) => (
          <section key={week.id} class="schedule-week" aria-labelledby={week.id}>
            <h2 id={week.id}>{week.title}</h2>
            {week.days.some((day) => day.episodes.length > 0) ? (
              week.days
                .filter((day) => day.episodes.length > 0)
                .map((day) => <DayGroup key={day.date} day={day} today={today} />)
            ) : (
              <p class="empty">{EMPTY_WEEK}</p>
            )}
          </section>
        ))}
      </div>
    </Layout>
  );
}
