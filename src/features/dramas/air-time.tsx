import { LocalTime } from '../../views/components/local-time.js';
import type { EpisodeAirInfo } from './drama.model.js';
import { episodePath } from './drama.model.js';

/** "Episode 9" or "A special" (or the special's title). */
export function episodeLabel(episode: Pick<EpisodeAirInfo, 'number' | 'kind' | 'title'>): string {
  if (episode.kind === 'special' || episode.number === null) {
    return episode.title ? `Special: ${episode.title}` : 'A special';
  }
  return `Episode ${episode.number}`;
}

function partLabel(part: EpisodeAirInfo['part']): string {
  return part.subtitle ? `${part.title} (${part.subtitle})` : part.title;
}

export interface AirTimeBlockProps {
  episode: EpisodeAirInfo;
  /** ISO instant of "now": the block reads in the past tense once the episode has started. */
  now: string;
}

/**
 * An article's air-time block: "Episode 9 of Alchemy of Souls, Part 2 airs Saturday 7 January
 * 2023, 21:10 KST", the time in a <time datetime> that the local-time island also shows in the
 * reader's zone. "aired" once the instant is before `now`.
 */
export function AirTimeBlock({ episode, now }: AirTimeBlockProps) {
  const aired = Date.parse(episode.airInstant) < Date.parse(now);
  return (
    <aside class="ep-airtime" aria-label="Air time">
      <p>
        {episodeLabel(episode)} of{' '}
        <a href={episodePath(episode.show, episode.part.number, episode)}>{episode.show.title}</a>,{' '}
        {episode.part.title} {aired ? 'aired' : 'airs'}{' '}
        <LocalTime instant={episode.airInstant} zone={episode.zone} />
      </p>
    </aside>
  );
}

export interface AiringThisWeekProps {
  episodes: readonly EpisodeAirInfo[];
  /** ISO instant of "now". */
  now: string;
  /** Heading level (default 2). */
  headingLevel?: 2 | 3;
}

/** The home page sidebar box: every episode of the coming days, with a link to the schedule. */
export function AiringThisWeek({ episodes, now, headingLevel = 2 }: AiringThisWeekProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const at = Date.parse(now);
  return (
    <section class="ep-airing" aria-labelledby="airing-this-week">
      <Heading id="airing-this-week">Airing this week</Heading>
      {episodes.length === 0 ? (
        <p class="empty">No episodes air in the next seven days.</p>
      ) : (
        <ul class="ep-airing__list">
          {episodes.map((episode) => (
            <li
              key={episode.id}
              class={Date.parse(episode.airInstant) < at ? 'ep-aired' : undefined}
            >
              <a href={episodePath(episode.show, episode.part.number, episode)}>
                {episode.show.title}
              </a>
              <span class="ep-airing__what">
                {' '}
                {episodeLabel(episode)}, {partLabel(episode.part)}
              </span>
              <br />
              <LocalTime instant={episode.airInstant} zone={episode.zone} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/schedule">Full schedule →</a>
      </p>
    </section>
  );
}
