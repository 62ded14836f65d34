import { api } from './api.js';
import { FormField, FormStatus, invalid, lines, orNull, TextField, useForm } from './forms.js';
import type { Character, Credit, ShowDetail } from './types-dramas.js';
import { field } from './ui.js';

/* A show's characters and credits edited in place, each behind a disclosure in its table row. */

/** Edits a character of a show in place, behind a disclosure in its row. */
export function CharacterEdit(props: { character: Character; onChange: () => Promise<void> }) {
  const c = props.character;
  const form = useForm();
  const id = `char-${c.id}`;
  const save = (event: Event) => {
    event.preventDefault();
    const d = new FormData(event.currentTarget as HTMLFormElement);
    void form.run(async () => {
      await api('PATCH', `/characters/${c.id}`, {
        character: {
          name: field(d, 'name'),
          name_ko: orNull(d, 'name_ko'),
          aliases: lines(field(d, 'aliases')),
          description: field(d, 'description'),
        },
      });
      await props.onChange();
    }, 'Character saved.');
  };
  return (
    <details>
      <summary>Edit {c.name}</summary>
      <form class="stack" onSubmit={save} aria-label={`Edit ${c.name}`}>
        <TextField form={form} name="name" label="Name" id={`${id}-name`} value={c.name} required />
        <TextField
          form={form}
          name="name_ko"
          label="Name in Hangul"
          id={`${id}-name-ko`}
          value={c.name_ko}
          lang="ko"
        />
        <FormField
          form={form}
          name="aliases"
          label="Other names, one per line"
          id={`${id}-aliases`}
        >
          <textarea
            id={`${id}-aliases`}
            name="aliases"
            rows={2}
            defaultValue={c.aliases.join('\n')}
          />
        </FormField>
        <FormField form={form} name="description" label="Description" id={`${id}-description`}>
          <textarea
            id={`${id}-description`}
            name="description"
            rows={2}
            defaultValue={c.description}
          />
        </FormField>
        <FormStatus form={form} fields={['name', 'name_ko', 'aliases']} />
        <button type="submit" disabled={form.busy}>
          Save {c.name}
        </button>
      </form>
    </details>
  );
}

/** Edits a credit's role, billing, part and character in place, behind a disclosure. */
export function CreditEdit(props: {
  credit: Credit;
  show: ShowDetail;
  onChange: () => Promise<void>;
}) {
  const { credit, show } = props;
  const form = useForm();
  const id = `credit-${credit.id}`;
  const currentPart = show.parts.find((p) => p.number === credit.part)?.id;
  const save = (event: Event) => {
    event.preventDefault();
    const d = new FormData(event.currentTarget as HTMLFormElement);
    void form.run(async () => {
      await api('PATCH', `/credits/${credit.id}`, {
        credit: {
          role: field(d, 'role'),
          billing: Number(field(d, 'billing') || '0'),
          part_id: field(d, 'part') === '' ? null : Number(field(d, 'part')),
          ...(credit.kind === 'cast' && {
            character_id: field(d, 'character') === '' ? null : Number(field(d, 'character')),
          }),
        },
      });
      await props.onChange();
    }, 'Credit saved.');
  };
  return (
    <details>
      <summary>Edit credit of {credit.person.name}</summary>
      <form class="stack" onSubmit={save} aria-label={`Edit the credit of ${credit.person.name}`}>
        <TextField
          form={form}
          name="role"
          label="Role"
          id={`${id}-role`}
          value={credit.role}
          required
        />
        <FormField form={form} name="billing" label="Billing (lower first)" id={`${id}-billing`}>
          <input
            id={`${id}-billing`}
            name="billing"
            type="number"
            min={0}
            class="narrow"
            defaultValue={String(credit.billing)}
            {...invalid(form, 'billing', `${id}-billing`)}
          />
        </FormField>
        <FormField form={form} name="part_id" label="Part" id={`${id}-part`}>
          <select id={`${id}-part`} name="part" defaultValue={String(currentPart ?? '')}>
            <option value="">Whole show</option>
            {show.parts.map((p) => (
              <option key={p.id} value={p.id}>
                Part {p.number}
              </option>
            ))}
          </select>
        </FormField>
        {credit.kind === 'cast' && (
          <FormField
            form={form}
            name="character_id"
            label="As the character"
            id={`${id}-character`}
          >
            <select
              id={`${id}-character`}
              name="character"
              defaultValue={String(credit.character?.id ?? '')}
              {...invalid(form, 'character_id', `${id}-character`)}
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
        <FormStatus form={form} fields={['role', 'billing', 'part_id', 'character_id']} />
        <button type="submit" disabled={form.busy}>
          Save credit
        </button>
      </form>
    </details>
  );
}
