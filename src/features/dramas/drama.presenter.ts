import { episodePath, type ShowDetail, type ShowSummary } from './drama.model.js';
import type { EpisodeListing } from './drama.repository.js';
import type { ShowStatus, StatusEpisode } from './show-status.js';

/*
 * JSON presenters of the Content API. They list every field they send, so that a new column
 * never leaks by accident. Field names are snake_case like the rest of the API.
 */

export function toApiShow(show: ShowSummary, baseUrl: string) {
  return {
    id: show.id,
    slug: show.slug,
    title: show.title,
    title_ko: show.titleKo,
    aliases: show.aliases,
    genres: show.genres,
    synopsis: show.synopsis,
    is_fictional: show.isFictional,
    networks: show.networks.map((n) => ({ slug: n.slug, name: n.name, kind: n.kind, url: n.url })),
    url: baseUrl + show.path,
  };
}

function statusEpisode(episode: StatusEpisode) {
  return {
    id: episode.id,
    part: episode.partNumber,
    number: episode.number,
    air_instant: episode.airInstant,
  };
}

function toApiStatus(status: ShowStatus) {
  switch (status.kind) {
    case 'unscheduled':
      return { kind: status.kind };
    case 'upcoming':
      return { kind: status.kind, premiere: statusEpisode(status.premiere) };
    case 'airing':
      return {
        kind: status.kind,
        next: statusEpisode(status.next),
        last: statusEpisode(status.last),
      };
    case 'on_break':
      return {
        kind: status.kind,
        resumes: statusEpisode(status.resumes),
        last: statusEpisode(status.last),
      };
    case 'finished':
      return { kind: status.kind, finale: statusEpisode(status.finale) };
  }
}

export function toApiShowDetail(show: ShowDetail, baseUrl: string) {
  return {
    ...toApiShow(show, baseUrl),
    status: toApiStatus(show.status),
    parts: show.parts.map((part) => ({
      id: part.id,
      number: part.number,
      title: part.title,
      subtitle: part.subtitle,
      subtitle_ko: part.subtitleKo,
      time_skip_note: part.timeSkipNote,
      broadcast_slots: part.slots.map((slot) => ({
        weekday: slot.weekday,
        local_time: slot.localTime,
        zone: slot.zone,
        network: slot.network,
      })),
      episodes: part.episodes.map((e) => ({
        id: e.id,
        number: e.number,
        kind: e.kind,
        title: e.title,
        air_instant: e.airInstant,
        zone: e.zone,
        runtime_minutes: e.runtimeMinutes,
        note: e.note,
      })),
    })),
    events: show.events.map((event) => ({
      id: event.id,
      slug: event.slug,
      title: event.title,
      place: event.place,
      starts_at: event.startsAt,
      zone: event.zone,
    })),
    characters: show.characters.map((c) => ({
      id: c.id,
      slug: c.slug,
      name: c.name,
      name_ko: c.nameKo,
      aliases: c.aliases,
      description: c.description,
    })),
    credits: show.credits.map((credit) => ({
      kind: credit.kind,
      role: credit.role,
      billing: credit.billing,
      part: credit.partNumber,
      person: {
        id: credit.person.id,
        slug: credit.person.slug,
        name: credit.person.name,
        name_ko: credit.person.nameKo,
        url: `${baseUrl}/people/${credit.person.slug}`,
      },
      character: credit.character && {
        id: credit.character.id,
        slug: credit.character.slug,
        name: credit.character.name,
        name_ko: credit.character.nameKo,
      },
    })),
  };
}

export function toApiEpisode(episode: EpisodeListing, baseUrl: string) {
  return {
    id: episode.id,
    number: episode.number,
    kind: episode.kind,
    title: episode.title,
    air_instant: episode.airInstant,
    zone: episode.zone,
    runtime_minutes: episode.runtimeMinutes,
    note: episode.note,
    sequence: episode.sequence,
    show: {
      id: episode.show.id,
      slug: episode.show.slug,
      title: episode.show.title,
      url: `${baseUrl}/shows/${episode.show.slug}`,
    },
    part: {
      number: episode.part.number,
      title: episode.part.title,
      subtitle: episode.part.subtitle,
    },
    url: `${baseUrl}${episodePath(episode.show, episode.part.number, episode)}`,
  };
}
