/*
 * Island: regroups the server-rendered /schedule (grouped by Korean day) by the reader's own
 * day, over the reader's own this week and next (the hidden edge items the server sends fill
 * the days the KST window does not cover). Each item is an <li data-instant="…">; the items are moved, not re-rendered, so their
 * <time> elements and the local-time island's text stay as they are. Without JavaScript the
 * KST grouping stands and is still right.
 */
const container = document.querySelector<HTMLElement>('[data-schedule]');
const note = document.querySelector<HTMLElement>('[data-schedule-note]');

if (container !== null) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // en-CA formats dates as YYYY-MM-DD, which sorts and compares as text.
  const dayKey = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const dayTitle = new Intl.DateTimeFormat(undefined, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  });
  // The page's own "now" (it may be served from a cache for a while), else the reader's clock.
  const stamped = Date.parse(container.dataset.scheduleNow ?? '');
  const now = Number.isNaN(stamped) ? new Date() : new Date(stamped);
  const todayKey = dayKey.format(now);

  // The reader's own this week and next: 14 days from the Monday of the reader's week. The
  // server sends the KST window and, hidden, the episodes around it that some zone needs.
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short' });
  const sinceMonday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(
    weekday.format(now),
  );
  const monday = Date.parse(`${todayKey}T12:00:00Z`) - Math.max(0, sinceMonday) * 86_400_000;
  const days = new Map<string, HTMLLIElement[]>();
  for (let offset = 0; offset < 14; offset++) {
    days.set(new Date(monday + offset * 86_400_000).toISOString().slice(0, 10), []);
  }
  for (const item of container.querySelectorAll<HTMLLIElement>('li[data-instant]')) {
    const instant = new Date(item.dataset.instant ?? '');
    if (Number.isNaN(instant.getTime())) continue;
    days.get(dayKey.format(instant))?.push(item);
  }

  // Two weeks, as the server renders them: only days with episodes, one line for an empty week.
  const keys = [...days.keys()].sort();
  const fragment = document.createDocumentFragment();
  for (const [index, title] of ['This week', 'Next week'].entries()) {
    const week = document.createElement('section');
    week.className = 'schedule-week';
    const weekHeading = document.createElement('h2');
    weekHeading.id = `local-week-${index}`;
    weekHeading.textContent = title;
    week.setAttribute('aria-labelledby', weekHeading.id);
    week.append(weekHeading);
    for (const key of keys.slice(index * 7, index * 7 + 7)) {
      const items = (days.get(key) ?? []).sort((a, b) =>
        (a.dataset.instant ?? '').localeCompare(b.dataset.instant ?? ''),
      );
      if (items.length === 0) continue;
      const section = document.createElement('section');
      section.className = 'schedule-day';
      section.dataset.scheduleDay = key;
      const heading = document.createElement('h3');
      heading.id = `local-day-${key}`;
      section.setAttribute('aria-labelledby', heading.id);
      const time = document.createElement('time');
      time.dateTime = key;
      time.textContent = dayTitle.format(new Date(`${key}T12:00:00Z`));
      heading.append(time);
      if (key === todayKey) {
        const today = document.createElement('span');
        today.className = 'schedule-today';
        today.textContent = ' (today)';
        heading.append(today);
      }
      const list = document.createElement('ul');
      list.className = 'schedule-list';
      list.append(...items);
      section.append(heading, list);
      week.append(section);
    }
    if (week.childElementCount === 1) {
      const empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'No episodes air this week.';
      week.append(empty);
    }
    fragment.append(week);
  }
  container.replaceChildren(fragment);
  container.dataset.scheduleZone = zone;
  if (note !== null) {
    note.textContent = `Days are grouped in your time zone (${zone}); each time shows Korean time and yours.`;
  }
}
