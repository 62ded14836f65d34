import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { FormField, FormStatus, inZone, invalid, useForm } from './forms.js';
import type { EventRow, GroupRow, Membership } from './types-dramas.js';
import { field, Link, Notice } from './ui.js';

/* What hangs off a person: groups with memberships over time, and events. */

const EVENT_KINDS = ['fan_meeting', 'showcase', 'press_conference', 'concert', 'other'] as const;

const orNull = (value: FormDataEntryValue | null) => {
  const text = typeof value === 'string' ? value.trim() : '';
  return text === '' ? null : text;
};

export function PersonGroups({ personId }: { personId: number }) {
  const [memberships, setMemberships] = useState<Membership[]>([]);
  const [groups, setGroups] = useState<GroupRow[]>([]);
  const [message, setMessage] = useState('');
  const [tick, setTick] = useState(0);
  const join = useForm();
  const create = useForm();
  useEffect(() => {
    Promise.all([
      api<{ memberships: Membership[] }>('GET', `/memberships?person_id=${personId}`),
      api<{ groups: GroupRow[] }>('GET', '/groups?limit=100'),
    ])
      .then(([m, g]) => {
        setMemberships(m.memberships);
        setGroups(g.groups);
      })
      .catch((e: unknown) => setMessage(messageOf(e)));
  }, [personId, tick]);

  const addMembership = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    void join.run(async () => {
      await api('POST', '/memberships', {
        membership: {
          person_id: personId,
          group_id: Number(data.get('group')),
          role: orNull(data.get('role')),
          start_date: orNull(data.get('start')),
          end_date: orNull(data.get('end')),
        },
      });
      setTick(tick + 1);
    }, 'Membership added.');
  };
  const addGroup = (event: Event) => {
    event.preventDefault();
    const el = event.currentTarget as HTMLFormElement;
    const data = new FormData(el);
    void create.run(async () => {
      await api('POST', '/groups', {
        group: {
          name: field(data, 'name'),
          name_ko: orNull(data.get('name_ko')),
          kind: field(data, 'kind') || 'idol_group',
          debut_date: orNull(data.get('debut')),
        },
      });
      el.reset();
      setTick(tick + 1);
    }, 'Group created; pick it above to add the membership.');
  };
  const leave = async (m: Membership) => {
    if (!confirm(`Remove the membership of ${m.group.name}?`)) return;
    try {
      await api('DELETE', `/memberships/${m.id}`);
      setMessage(`Membership of ${m.group.name} removed.`);
      setTick(tick + 1);
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  return (
    <section class="card stack" aria-labelledby="groups-h">
      <h2 id="groups-h">Groups</h2>
      <Notice text={message} />
      {memberships.length === 0 ? (
        <p>Not in any group.</p>
      ) : (
        <ul>
          {memberships.map((m) => (
            <li key={m.id}>
              <Link href={`/admin/groups/${m.group.id}`}>{m.group.name}</Link>
              {m.role !== null && `, ${m.role}`} ({m.start_date ?? 'from the start'} –{' '}
              {m.end_date ?? 'today'}){' '}
              <button type="button" class="small danger" onClick={() => void leave(m)}>
                Remove from {m.group.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="stack" onSubmit={addMembership} aria-labelledby="join-h">
        <h3 id="join-h">Add a membership</h3>
        <div class="row">
          <FormField form={join} name="group_id" label="Group" id="join-group">
            <select
              id="join-group"
              name="group"
              required
              {...invalid(join, 'group_id', 'join-group')}
            >
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </FormField>
          <FormField form={join} name="role" label="Position (vocal, leader…)" id="join-role">
            <input id="join-role" name="role" maxLength={100} />
          </FormField>
          <FormField form={join} name="start_date" label="From" id="join-start">
            <input
              id="join-start"
              name="start"
              type="date"
              {...invalid(join, 'start_date', 'join-start')}
            />
          </FormField>
          <FormField form={join} name="end_date" label="Until" id="join-end">
            <input
              id="join-end"
              name="end"
              type="date"
              {...invalid(join, 'end_date', 'join-end')}
            />
          </FormField>
        </div>
        <FormStatus form={join} fields={['group_id', 'start_date', 'end_date']} />
        <button type="submit" disabled={join.busy || groups.length === 0}>
          Add membership
        </button>
      </form>
      <form class="stack" onSubmit={addGroup} aria-labelledby="group-new-h">
        <h3 id="group-new-h">New group</h3>
        <div class="row">
          <FormField form={create} name="name" label="Group name" id="group-name">
            <input
              id="group-name"
              name="name"
              required
              maxLength={200}
              {...invalid(create, 'name', 'group-name')}
            />
          </FormField>
          <FormField form={create} name="name_ko" label="Name in Hangul" id="group-name-ko">
            <input id="group-name-ko" name="name_ko" lang="ko" maxLength={200} />
          </FormField>
          <FormField
            form={create}
            name="kind"
            label="Kind (idol_group, band, unit…)"
            id="group-kind"
          >
            <input id="group-kind" name="kind" maxLength={40} defaultValue="idol_group" />
          </FormField>
          <FormField form={create} name="debut_date" label="Debut" id="group-debut">
            <input
              id="group-debut"
              name="debut"
              type="date"
              {...invalid(create, 'debut_date', 'group-debut')}
            />
          </FormField>
        </div>
        <FormStatus form={create} fields={['name', 'debut_date']} />
        <button type="submit" disabled={create.busy}>
          Create group
        </button>
      </form>
    </section>
  );
}

export function PersonEvents({ personId }: { personId: number }) {
  const [events, setEvents] = useState<EventRow[]>([]);
  const [message, setMessage] = useState('');
  const [tick, setTick] = useState(0);
  const form = useForm();
  useEffect(() => {
    api<{ events: EventRow[] }>('GET', `/events?person_id=${personId}&limit=100`)
      .then((d) => setEvents(d.events))
      .catch((e: unknown) => setMessage(messageOf(e)));
  }, [personId, tick]);

  const add = (event: Event) => {
    event.preventDefault();
    const el = event.currentTarget as HTMLFormElement;
    const data = new FormData(el);
    void form.run(async () => {
      await api('POST', '/events', {
        event: {
          title: field(data, 'title'),
          kind: field(data, 'kind') || 'other',
          starts_at: field(data, 'starts'),
          zone: field(data, 'zone'),
          venue: orNull(data.get('venue')),
          city: orNull(data.get('city')),
          country: orNull(data.get('country')),
          people: [personId],
        },
      });
      el.reset();
      setTick(tick + 1);
    }, 'Event added.');
  };
  const leave = async (e: EventRow) => {
    try {
      const people = e.people.map((p) => p.id).filter((id) => id !== personId);
      await api('PATCH', `/events/${e.id}`, { event: { people } });
      setMessage(`No longer taking part in ${e.title}.`);
      setTick(tick + 1);
    } catch (error) {
      setMessage(messageOf(error));
    }
  };

  return (
    <section class="card stack" aria-labelledby="events-h">
      <h2 id="events-h">Events</h2>
      <Notice text={message} />
      {events.length === 0 ? (
        <p>No events.</p>
      ) : (
        <ul>
          {events.map((e) => (
            <li key={e.id}>
              <Link href={`/admin/events/${e.id}`}>{e.title}</Link> · {inZone(e.starts_at, e.zone)}{' '}
              ({e.zone}){e.city !== null && ` · ${e.city}`}{' '}
              <button type="button" class="small" onClick={() => void leave(e)}>
                Take off {e.title}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="stack" onSubmit={add} aria-labelledby="event-new-h">
        <h3 id="event-new-h">New event with this person</h3>
        <div class="row">
          <FormField form={form} name="title" label="Title" id="event-title">
            <input
              id="event-title"
              name="title"
              required
              maxLength={300}
              {...invalid(form, 'title', 'event-title')}
            />
          </FormField>
          <FormField form={form} name="kind" label="Kind" id="event-kind">
            <select id="event-kind" name="kind">
              {EVENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k.replace('_', ' ')}
                </option>
              ))}
            </select>
          </FormField>
          <FormField
            form={form}
            name="starts_at"
            label="Starts (local time at the venue)"
            id="event-starts"
          >
            <input
              id="event-starts"
              name="starts"
              type="datetime-local"
              required
              {...invalid(form, 'starts_at', 'event-starts')}
            />
          </FormField>
          <FormField form={form} name="zone" label="Venue time zone (IANA)" id="event-zone">
            <input
              id="event-zone"
              name="zone"
              required
              defaultValue="Asia/Seoul"
              {...invalid(form, 'zone', 'event-zone')}
            />
          </FormField>
        </div>
        <div class="row">
          <FormField form={form} name="venue" label="Venue" id="event-venue">
            <input id="event-venue" name="venue" maxLength={300} />
          </FormField>
          <FormField form={form} name="city" label="City" id="event-city">
            <input id="event-city" name="city" maxLength={200} />
          </FormField>
          <FormField form={form} name="country" label="Country" id="event-country">
            <input id="event-country" name="country" maxLength={200} />
          </FormField>
        </div>
        <FormStatus form={form} fields={['title', 'starts_at', 'zone']} />
        <button type="submit" disabled={form.busy}>
          Add event
        </button>
      </form>
    </section>
  );
}
