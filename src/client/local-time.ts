/*
 * Island: shows each server-rendered origin time also in the reader's own time zone.
 * Finds [data-local-time] elements (see views/components/local-time.tsx) and fills their
 * [data-local-time-reader] child, e.g. "(Saturday, January 7, 2023 at 7:10 AM EST your time)".
 */
const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const formatter = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

for (const element of document.querySelectorAll<HTMLElement>('[data-local-time]')) {
  const instant = new Date(element.dataset.localTime ?? '');
  const slot = element.querySelector<HTMLElement>('[data-local-time-reader]');
  if (Number.isNaN(instant.getTime()) || slot === null) continue;
  slot.textContent = ` · ${formatter.format(instant)} your time`;
  slot.title = `In your time zone (${readerZone})`;
  slot.hidden = false;
}
