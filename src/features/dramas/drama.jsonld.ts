import { DateTime } from 'luxon';
import { remembered } from '../../lib/time.js';
import type { JsonLdObject } from '../../views/components/json-ld.js';
import { episodeAnchor, type ShowDetail } from './drama.model.js';

/*
 * schema.org structured data of a show page: a TVSeries with its parts as TVSeasons, episodes
 * as TVEpisodes whose broadcast is a BroadcastEvent, cast as PerformanceRoles, crew as people,
 * and upcoming events of the cast. Instants carry their zone of origin's offset.
 */

/** 2023-01-07T21:10:00+09:00: the instant in its zone, as schema.org DateTime. */
export const zonedIso = remembered(
  (instant, zone) =>
    DateTime.fromISO(instant, { zone: 'utc' })
      .setZone(zone)
      .toISO({ suppressMilliseconds: true }) ?? instant,
);

const person = (baseUrl: string, p: { slug: string; name: string; nameKo: string | null }) => ({
  '@type': 'Person',
  name: p.name,
  ...(p.nameKo && { alternateName: p.nameKo }),
  url: `${baseUrl}/people/${p.slug}`,
});

export function showJsonLd(show: ShowDetail, baseUrl: string): JsonLdObject {
  const url = baseUrl + show.path;
  const broadcaster = show.networks.find((n) => n.kind === 'broadcaster');
  const episodes = show.parts.flatMap((part) => part.episodes);
  const first = episodes[0]?.airInstant;
  const last = episodes[episodes.length - 1]?.airInstant;
  const cast = show.credits.filter((c) => c.kind === 'cast');
  const crew = show.credits.filter((c) => c.kind === 'crew');
  return {
    '@context': 'https://schema.org',
    '@type': 'TVSeries',
    '@id': url,
    name: show.title,
    ...(show.titleKo && { alternateName: [show.titleKo, ...show.aliases] }),
    url,
    ...(show.synopsis && { description: show.synopsis }),
    ...(show.genres.length > 0 && { genre: show.genres }),
    ...(first && { startDate: first.slice(0, 10) }),
    ...(last && show.status.kind === 'finished' && { endDate: last.slice(0, 10) }),
    numberOfSeasons: show.parts.length,
    numberOfEpisodes: episodes.filter((e) => e.kind === 'regular').length,
    containsSeason: show.parts.map((part) => ({
      '@type': 'TVSeason',
      seasonNumber: part.number,
      name: part.subtitle ? `${part.title}: ${part.subtitle}` : part.title,
      url: `${url}#part-${part.number}`,
      numberOfEpisodes: part.episodes.filter((e) => e.kind === 'regular').length,
      episode: part.episodes.map((episode) => ({
        '@type': 'TVEpisode',
        ...(episode.number !== null && { episodeNumber: episode.number }),
        name: episode.title ?? (episode.number !== null ? `Episode ${episode.number}` : 'Special'),
        url: `${url}#${episodeAnchor(part.number, episode)}`,
        ...(episode.runtimeMinutes !== null && { timeRequired: `PT${episode.runtimeMinutes}M` }),
        publication: {
          '@type': 'BroadcastEvent',
          startDate: zonedIso(episode.airInstant, episode.zone),
          isLiveBroadcast: false,
          ...(broadcaster && {
            publishedOn: { '@type': 'BroadcastService', name: broadcaster.name },
          }),
        },
      })),
    })),
    actor: cast.map((credit) => ({
      '@type': 'PerformanceRole',
      actor: person(baseUrl, credit.person),
      roleName: credit.role,
      ...(credit.character && { characterName: credit.character.name }),
    })),
    director: crew.filter((c) => c.role === 'director').map((c) => person(baseUrl, c.person)),
    creator: crew.filter((c) => c.role === 'writer').map((c) => person(baseUrl, c.person)),
    ...(show.events.length > 0 && {
      subjectOf: show.events.map((event) => ({
        '@type': 'Event',
        name: event.title,
        url: `${baseUrl}/events/${event.slug}`,
        startDate: zonedIso(event.startsAt, event.zone),
        ...(event.place && { location: { '@type': 'Place', name: event.place } }),
      })),
    }),
  };
}
