import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { FormField, FormStatus, invalid, lines, useForm } from './forms.js';
import { CharacterEdit, CreditEdit } from './screens-cast-edit.js';
import type { Character, Credit, PersonRow, ShowDetail } from './types-dramas.js';
import { field, Link, Notice } from './ui.js';

/* The characters and credits of a show. */

/** A search box and the people it finds; the select carries the chosen person's id. */
export function PersonPicker(props: { id: string; name: string; invalidProps: object }) {
  const [q, setQ] = useState('');
  const [people, setPeople] = useState<PersonRow[]>([]);
  useEffect(() => {
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ limit: '50' });
      if (q.trim() !== '') params.set('q', q.trim());
      void api<{ people: PersonRow[] }>('GET', `/people?${params}`)
        .then((d) => setPeople(d.people))
        .catch(() => setPeople([]));
    }, 200);
    return () => clearTimeout(timer);
  }, [q]);
  return (
    <div class="row">
      <div class="field">
        <label for={`${props.id}-q`}>Find a person</label>
        <input
          id={`${props.id}-q`}
          type="search"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={props.id}>Person</label>
        <select id={props.id} name={props.name} required {...props.invalidProps}>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.name_ko !== null ? ` (${p.name_ko})` : ''}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function CharacterForm({ show, onChange }: { show: ShowDetail; onChange: () => Promise<void> }) {
  const form = useForm();
  const add = (event: Event) => {
    event.preventDefault();
    const el = event.currentTarget as HTMLFormElement;
    const data = new FormData(el);
    const text = (name: string) => field(data, name);
    void form.run(async () => {
      await api('POST', '/characters', {
        character: {
          show_id: show.id,
          name: text('name'),
          name_ko: text('name_ko').trim() === '' ? null : text('name_ko'),
          aliases: lines(text('aliases')),
          description: text('description'),
        },
      });
      el.reset();
      await onChange();
    }, 'Character added.');
  };
  return (
    <form class="stack" onSubmit={add} aria-labelledby="char-new-h">
      <h3 id="char-new-h">Add a character</h3>
      <div class="row">
        <FormField form={form} name="name" label="Character name" id="char-name">
          <input
            id="char-name"
            name="name"
            required
            maxLength={200}
            {...invalid(form, 'name', 'char-name')}
          />
        </FormField>
        <FormField form={form} name="name_ko" label="Name in Hangul" id="char-name-ko">
          <input id="char-name-ko" name="name_ko" lang="ko" maxLength={200} />
        </FormField>
      </div>
      <FormField form={form} name="aliases" label="Other names, one per line" id="char-aliases">
        <textarea id="char-aliases" name="aliases" rows={2} />
      </FormField>
      <FormField form={form} name="description" label="Description" id="char-description">
        <textarea id="char-description" name="description" rows={2} />
      </FormField>
      <FormStatus form={form} fields={['name', 'name_ko']} />
      <button type="submit" disabled={form.busy}>
        Add character
      </button>
    </form>
  );
}

function CreditForm(props: { show: ShowDetail; onChange: () => Promise<void> }) {
  const { show } = props;
  const form = useForm();
  const [kind, setKind] = useState<'cast' | 'crew'>('cast');
  const add = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => field(data, name);
    void form.run(async () => {
      await api('POST', '/credits', {
        credit: {
          show_id: show.id,
          person_id: Number(text('person')),
          kind,
          role: text('role'),
          billing: Number(text('billing') || '0'),
          part_id: text('part') === '' ? null : Number(text('part')),
          ...(kind === 'cast' &&
            text('character') !== '' && { character_id: Number(text('character')) }),
        },
      });
      await props.onChange();
    }, 'Credit added.');
  };
  return (
    <form class="stack" onSubmit={add} aria-labelledby="credit-new-h">
      <h3 id="credit-new-h">Add a credit</h3>
      <PersonPicker
        id="credit-person"
        name="person"
        invalidProps={invalid(form, 'person_id', 'credit-person')}
      />
      <div class="row">
        <FormField form={form} name="kind" label="Kind" id="credit-kind">
          <select
            id="credit-kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value === 'crew' ? 'crew' : 'cast')}
          >
            <option value="cast">Cast</option>
            <option value="crew">Crew</option>
          </select>
        </FormField>
        {kind === 'cast' && (
          <FormField form={form} name="character_id" label="As the character" id="credit-character">
            <select
              id="credit-character"
              name="character"
              {...invalid(form, 'character_id', 'credit-character')}
            >
              <option value="">—</option>
              {show.characters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </FormField>
        )}
        <FormField
          form={form}
          name="role"
          label={kind === 'cast' ? 'Role (lead, supporting, cameo…)' : 'Job (director, writer…)'}
          id="credit-role"
        >
          <input
            id="credit-role"
            name="role"
            required
            maxLength={60}
            defaultValue={kind === 'cast' ? 'lead' : 'director'}
            {...invalid(form, 'role', 'credit-role')}
          />
        </FormField>
        <FormField form={form} name="billing" label="Billing (lower first)" id="credit-billing">
          <input
            id="credit-billing"
            name="billing"
            type="number"
            min={0}
            defaultValue="0"
            class="narrow"
          />
        </FormField>
        <FormField form={form} name="part_id" label="Part" id="credit-part">
          <select id="credit-part" name="part">
            <option value="">Whole show</option>
            {show.parts.map((p) => (
              <option key={p.id} value={p.id}>
                Part {p.number}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      <FormStatus form={form} fields={['person_id', 'character_id', 'role']} />
      <button type="submit" disabled={form.busy}>
        Add credit
      </button>
    </form>
  );
}

export function ShowCast({ show, onChange }: { show: ShowDetail; onChange: () => Promise<void> }) {
  const [credits, setCredits] = useState<Credit[]>([]);
  const [message, setMessage] = useState('');
  const loadCredits = async () => {
    setCredits(
      (await api<{ credits: Credit[] }>('GET', `/credits?show_id=${show.id}&limit=100`)).credits,
    );
  };
  useEffect(() => {
    loadCredits().catch((e: unknown) => setMessage(messageOf(e)));
  }, [show]);
  const remove = async (what: string, path: string) => {
    if (!confirm(`Delete ${what}?`)) return;
    try {
      await api('DELETE', path);
      setMessage(`Deleted ${what}.`);
      await onChange();
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  const characterRow = (c: Character) => (
    <tr key={c.id}>
      <td>
        {c.name}
        {c.name_ko !== null && <span lang="ko"> · {c.name_ko}</span>}
      </td>
      <td>{c.aliases.join(', ') || '—'}</td>
      <td>
        <button
          type="button"
          class="small danger"
          onClick={() => void remove(c.name, `/characters/${c.id}`)}
        >
          Delete {c.name}
        </button>
        <CharacterEdit key={c.id} character={c} onChange={onChange} />
      </td>
    </tr>
  );
  return (
    <section class="card stack" aria-labelledby="cast-h">
      <h2 id="cast-h">Characters and credits</h2>
      <Notice text={message} />
      <table class="list">
        <caption>Characters</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Other names</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>{show.characters.map(characterRow)}</tbody>
      </table>
      <CharacterForm show={show} onChange={onChange} />
      <table class="list" data-testid="credits">
        <caption>Credits</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Kind</th>
            <th scope="col">Role</th>
            <th scope="col">Character</th>
            <th scope="col">Billing</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {credits.map((c) => (
            <tr key={c.id}>
              <td>
                <Link href={`/admin/people/${c.person.id}`}>{c.person.name}</Link>
              </td>
              <td>{c.kind}</td>
              <td>
                {c.role}
                {c.part !== null && ` (part ${c.part})`}
              </td>
              <td>{c.character?.name ?? '—'}</td>
              <td>{c.billing}</td>
              <td>
                <button
                  type="button"
                  class="small danger"
                  onClick={() => void remove(`the credit of ${c.person.name}`, `/credits/${c.id}`)}
                >
                  Delete credit of {c.person.name}
                </button>
                <CreditEdit credit={c} show={show} onChange={onChange} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreditForm show={show} onChange={onChange} />
    </section>
  );
}
