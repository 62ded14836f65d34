import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import {
  FormField,
  FormStatus,
  TextField,
  inZone,
  invalid,
  lines,
  orNull,
  useForm,
  wallClock,
} from './forms.js';
import { PersonPicker } from './screens-show-cast.js';
import { field, Notice } from './ui.js';

/*
 * A group's and an event's details, each on its own screen reached from the person editor. Times
 * are edited as wall-clock time at the venue, the way the API reads them.
 */

const EVENT_KINDS = ['fan_meeting', 'showcase', 'press_conference', 'concert', 'other'] as const;

interface PersonRef {
  id: number;
  name: string;
}

interface GroupDetail {
  id: number;
  slug: string;
  name: string;
  name_ko: string | null;
  aliases: string[];
  kind: string;
  debut_date: string | null;
  disband_date: string | null;
  description: string;
  members: { membership_id: number; person: PersonRef }[];
  url: string;
}

interface EventDetail {
  id: number;
  slug: string;
  title: string;
  kind: string;
  venue: string | null;
  city: string | null;
  country: string | null;
  starts_at: string;
  ends_at: string | null;
  zone: string;
  description: string;
  people: PersonRef[];
  url: string;
}

/** Loads `path`; the message says what went wrong when it could not. */
function useLoaded<T>(path: string): [T | undefined, (value: T) => void, string] {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState('');
  useEffect(() => {
    api<T>('GET', path)
      .then(setValue)
      .catch((e: unknown) => setError(messageOf(e)));
  }, [path]);
  return [value, setValue, error];
}

function Loading({ error }: { error: string }) {
  return error !== '' ? (
    <>
      <h1 tabIndex={-1}>Not available</h1>
      <Notice text={error} kind="error" />
    </>
  ) : (
    <p>Loading…</p>
  );
}

export function GroupEditorScreen({ id }: { id: number }) {
  const [data, setData, error] = useLoaded<{ group: GroupDetail }>(`/groups/${id}`);
  const form = useForm();
  if (data === undefined) return <Loading error={error} />;
  const g = data.group;
  const save = (event: Event) => {
    event.preventDefault();
    const d = new FormData(event.currentTarget as HTMLFormElement);
    void form.run(async () => {
      const body = {
        group: {
          name: field(d, 'name'),
          name_ko: orNull(d, 'name_ko'),
          slug: field(d, 'slug'),
          aliases: lines(field(d, 'aliases')),
          kind: field(d, 'kind'),
          debut_date: orNull(d, 'debut_date'),
          disband_date: orNull(d, 'disband_date'),
          description: field(d, 'description'),
        },
      };
      setData(await api<{ group: GroupDetail }>('PATCH', `/groups/${id}`, body));
    }, 'Group saved.');
  };
  return (
    <>
      <h1 tabIndex={-1}>Group: {g.name}</h1>
      <p>
        <a href={g.url}>View the public page</a>
      </p>
      <form class="card stack" onSubmit={save} aria-label="Group details">
        <div class="row">
          <TextField form={form} name="name" label="Name" id="group-name" value={g.name} required />
          <TextField
            form={form}
            name="name_ko"
            label="Name in Hangul"
            id="group-name-ko"
            value={g.name_ko}
            lang="ko"
          />
          <TextField
            form={form}
            name="slug"
            label="Slug (in the URL)"
            id="group-slug"
            value={g.slug}
          />
          <TextField
            form={form}
            name="kind"
            label="Kind (idol_group, band, unit…)"
            id="group-kind"
            value={g.kind}
          />
        </div>
        <div class="row">
          <TextField
            form={form}
            name="debut_date"
            label="Debut"
            id="group-debut"
            value={g.debut_date}
            type="date"
          />
          <TextField
            form={form}
            name="disband_date"
            label="Disbanded"
            id="group-disband"
            value={g.disband_date}
            type="date"
          />
        </div>
        <FormField form={form} name="aliases" label="Other names, one per line" id="group-aliases">
          <textarea
            id="group-aliases"
            name="aliases"
            rows={2}
            defaultValue={g.aliases.join('\n')}
          />
        </FormField>
        <FormField form={form} name="description" label="Description" id="group-description">
          <textarea
            id="group-description"
            name="description"
            rows={4}
            defaultValue={g.description}
            {...invalid(form, 'description', 'group-description')}
          />
        </FormField>
        <FormStatus
          form={form}
          fields={['name', 'name_ko', 'slug', 'kind', 'debut_date', 'disband_date', 'aliases']}
        />
        <button type="submit" disabled={form.busy}>
          Save group
        </button>
      </form>
      <section class="card stack" aria-labelledby="group-members-h">
        <h2 id="group-members-h">Members</h2>
        <ul>
          {g.members.map((m) => (
            <li key={m.membership_id}>
              <a href={`/admin/people/${m.person.id}`}>{m.person.name}</a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function EventEditorScreen({ id }: { id: number }) {
  const [data, setData, error] = useLoaded<{ event: EventDetail }>(`/events/${id}`);
  const form = useForm();
  const people = useForm();
  if (data === undefined) return <Loading error={error} />;
  const e = data.event;
  const patch = async (fields: object) =>
    setData(await api<{ event: EventDetail }>('PATCH', `/events/${id}`, { event: fields }));
  const save = (event: Event) => {
    event.preventDefault();
    const d = new FormData(event.currentTarget as HTMLFormElement);
    // Times go as wall-clock at the venue, without an offset: the API reads them in `zone`.
    const fields = {
      title: field(d, 'title'),
      slug: field(d, 'slug'),
      kind: field(d, 'kind'),
      starts_at: field(d, 'starts_at'),
      ends_at: orNull(d, 'ends_at'),
      zone: field(d, 'zone'),
      venue: orNull(d, 'venue'),
      city: orNull(d, 'city'),
      country: orNull(d, 'country'),
      description: field(d, 'description'),
    };
    void form.run(() => patch(fields), 'Event saved.');
  };
  const ids = e.people.map((p) => p.id);
  const addPerson = (event: Event) => {
    event.preventDefault();
    const person = Number(field(new FormData(event.currentTarget as HTMLFormElement), 'person'));
    if (ids.includes(person)) return;
    void people.run(() => patch({ people: [...ids, person] }), 'Participant added.');
  };
  const removePerson = (p: PersonRef) =>
    void people.run(
      () => patch({ people: ids.filter((other) => other !== p.id) }),
      `${p.name} removed.`,
    );
  return (
    <>
      <h1 tabIndex={-1}>Event: {e.title}</h1>
      <p>
        {inZone(e.starts_at, e.zone)} ({e.zone}) · <a href={e.url}>View the public page</a>
      </p>
      <form class="card stack" onSubmit={save} aria-label="Event details">
        <div class="row">
          <TextField
            form={form}
            name="title"
            label="Title"
            id="event-title"
            value={e.title}
            required
          />
          <TextField
            form={form}
            name="slug"
            label="Slug (in the URL)"
            id="event-slug"
            value={e.slug}
          />
          <FormField form={form} name="kind" label="Kind" id="event-kind">
            <select id="event-kind" name="kind" defaultValue={e.kind}>
              {EVENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k.replace('_', ' ')}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        <div class="row">
          <TextField
            form={form}
            name="starts_at"
            label="Starts (local time at the venue)"
            id="event-starts"
            value={wallClock(e.starts_at, e.zone)}
            type="datetime-local"
            required
          />
          <TextField
            form={form}
            name="ends_at"
            label="Ends (optional)"
            id="event-ends"
            value={e.ends_at === null ? null : wallClock(e.ends_at, e.zone)}
            type="datetime-local"
          />
          <TextField
            form={form}
            name="zone"
            label="Venue time zone (IANA)"
            id="event-zone"
            value={e.zone}
          />
        </div>
        <div class="row">
          <TextField form={form} name="venue" label="Venue" id="event-venue" value={e.venue} />
          <TextField form={form} name="city" label="City" id="event-city" value={e.city} />
          <TextField
            form={form}
            name="country"
            label="Country"
            id="event-country"
            value={e.country}
          />
        </div>
        <FormField form={form} name="description" label="Description" id="event-description">
          <textarea
            id="event-description"
            name="description"
            rows={4}
            defaultValue={e.description}
            {...invalid(form, 'description', 'event-description')}
          />
        </FormField>
        <FormStatus
          form={form}
          fields={['title', 'slug', 'starts_at', 'ends_at', 'zone', 'venue', 'city', 'country']}
        />
        <button type="submit" disabled={form.busy}>
          Save event
        </button>
      </form>
      <section class="card stack" aria-labelledby="event-people-h">
        <h2 id="event-people-h">Taking part</h2>
        <FormStatus form={people} />
        <ul>
          {e.people.map((p) => (
            <li key={p.id}>
              <a href={`/admin/people/${p.id}`}>{p.name}</a>{' '}
              <button type="button" class="small" onClick={() => removePerson(p)}>
                Remove {p.name}
              </button>
            </li>
          ))}
        </ul>
        <form class="stack" onSubmit={addPerson} aria-label="Add a participant">
          <PersonPicker
            id="event-person"
            name="person"
            invalidProps={invalid(people, 'people', 'event-person')}
          />
          <button type="submit" disabled={people.busy}>
            Add participant
          </button>
        </form>
      </section>
    </>
  );
}
