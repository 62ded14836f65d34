/*
 * Island: shows each server-rendered origin time also in the reader's own time zone.
 * Finds [data-local-time] elements (see views/components/local-time.tsx) and fills their
 * [data-local-time-reader] child with the site's own formatter, in the page's language, e.g.
 * " · Saturday 7 January 2023, 07:10 EST your time". A reader whose clock already reads the
 * origin time (in Korea, or in Japan for a KST time) is told nothing twice.
 */
import { formatWallClock, wallClock } from '../lib/wall-clock.js';

const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

for (const element of document.querySelectorAll<HTMLElement>('[data-local-time]')) {
  const instant = new Date(element.dataset.localTime ?? '');
  const originZone = element.dataset.localTimeZone;
  const slot = element.querySelector<HTMLElement>('[data-local-time-reader]');
  if (Number.isNaN(instant.getTime()) || slot === null) continue;
  if (originZone !== undefined && wallClock(instant, originZone) === wallClock(instant, readerZone))
    continue;
  slot.textContent = ` · ${formatWallClock(instant, readerZone)} your time`;
  slot.title = `In your time zone (${readerZone})`;
  slot.hidden = false;
}
