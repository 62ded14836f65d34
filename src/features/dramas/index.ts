/*
 * Public surface of the dramas feature: shows, parts, episodes and their air times.
 * Other features import only from here.
 */
export { dramaSiteRoutes } from './routes.site.js';
export { dramaApiRoutes } from './routes.api.js';
export { dramaAdminRoutes } from './routes.admin.js';
export { seedDramaDemo } from './demo.js';
export {
  findEpisodeAirInfo,
  listEpisodesAiringBetween,
  pagination,
  type Page,
  type Pagination,
} from './drama.service.js';
export {
  AirTimeBlock,
  AiringThisWeek,
  episodeLabel,
  type AirTimeBlockProps,
  type AiringThisWeekProps,
} from './air-time.js';
export type { EpisodeAirInfo } from './drama.model.js';
export {
  generateEpisodes,
  regenerate,
  slotInstant,
  type Slot,
  type GeneratedEpisode,
} from './episode-schedule.js';
export { computeShowStatus, type ShowStatus } from './show-status.js';
export {
  checkDate,
  checkOrder,
  checkZone,
  containsText,
  notFoundAt,
  parseInstant,
  required,
  stringList,
  unknownId,
} from './admin-helpers.js';
export { episodeCalendarEvents, listEpisodesOfShows } from './calendar.js';
export { buildCalendar, uidHost, type CalendarEvent } from './ical.js';
