/*
 * Island: regroups the server-rendered /schedule (grouped by Korean day) by the reader's own
 * day. Each item is an <li data-instant="…">; the items are moved, not re-rendered, so their
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
  const todayKey = dayKey.format(new Date());

  const days = new Map<string, HTMLLIElement[]>();
  // The server's days (KST) stay in the list even when empty, so that no day silently vanishes.
  for (const section of container.querySelectorAll<HTMLElement>('[data-schedule-day]')) {
    const key = section.dataset.scheduleDay;
    if (key) days.set(key, []);
  }
  for (const item of container.querySelectorAll<HTMLLIElement>('li[data-instant]')) {
    const instant = new Date(item.dataset.instant ?? '');
    if (Number.isNaN(instant.getTime())) continue;
    const key = dayKey.format(instant);
    days.set(key, [...(days.get(key) ?? []), item]);
  }

  const fragment = document.createDocumentFragment();
  for (const key of [...days.keys()].sort()) {
    const items = (days.get(key) ?? []).sort((a, b) =>
      (a.dataset.instant ?? '').localeCompare(b.dataset.instant ?? ''),
    );
    const section = document.createElement('section');
    section.className = 'schedule-day';
    section.dataset.scheduleDay = key;
    const heading = document.createElement('h2');
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
    section.append(heading);
    if (items.length === 0) {
      const empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'Nothing airs.';
      section.append(empty);
    } else {
      const list = document.createElement('ul');
      list.className = 'schedule-list';
      list.append(...items);
      section.append(list);
    }
    fragment.append(section);
  }
  container.replaceChildren(fragment);
  container.dataset.scheduleZone = zone;
  if (note !== null) {
    note.textContent = `Days are grouped in your time zone (${zone}); each time shows Korean time and yours.`;
  }
}
