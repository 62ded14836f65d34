import { useState } from 'preact/hooks';
import { api } from './api.js';
import { FormField, FormStatus, invalid, useForm } from './forms.js';
import { EpisodeTable, PreviewTable } from './screens-show-episodes.js';
import { WEEKDAYS, type Network, type Part, type Preview, type Slot } from './types-dramas.js';
import { field } from './ui.js';

/*
 * One part of a show: its titles, its broadcast slots, the generation of its episodes (previewed
 * first) and the table of its episodes.
 */

interface Generation {
  generation: { start_date: string; count: number; first_number: number; skip_dates: string[] };
}

const PART_FIELDS = ['number', 'title', 'subtitle', 'subtitle_ko', 'time_skip_note'];

function SlotRows(props: {
  slots: Slot[];
  networks: Network[];
  prefix: string;
  form: ReturnType<typeof useForm>;
  onChange: (slots: Slot[]) => void;
}) {
  const { slots, prefix, form } = props;
  const set = (index: number, patch: Partial<Slot>) =>
    props.onChange(slots.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  return (
    <ul class="slots">
      {slots.map((slot, i) => {
        const id = `${prefix}-slot-${i}`;
        return (
          <li key={i} class="slots__row">
            <FormField form={form} name={`slots.${i}.weekday`} label="Weekday" id={`${id}-day`}>
              <select
                id={`${id}-day`}
                value={slot.weekday}
                onChange={(e) => set(i, { weekday: Number(e.currentTarget.value) })}
              >
                {WEEKDAYS.map((day, n) => (
                  <option key={day} value={n}>
                    {day}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField
              form={form}
              name={`slots.${i}.local_time`}
              label="Local time"
              id={`${id}-time`}
            >
              <input
                id={`${id}-time`}
                type="time"
                required
                value={slot.local_time}
                onInput={(e) => set(i, { local_time: e.currentTarget.value })}
                {...invalid(form, `slots.${i}.local_time`, `${id}-time`)}
              />
            </FormField>
            <FormField
              form={form}
              name={`slots.${i}.zone`}
              label="Time zone (IANA)"
              id={`${id}-zone`}
            >
              <input
                id={`${id}-zone`}
                required
                value={slot.zone}
                onInput={(e) => set(i, { zone: e.currentTarget.value })}
                {...invalid(form, `slots.${i}.zone`, `${id}-zone`)}
              />
            </FormField>
            <FormField form={form} name={`slots.${i}.network`} label="Network" id={`${id}-net`}>
              <select
                id={`${id}-net`}
                value={slot.network ?? ''}
                onChange={(e) => set(i, { network: e.currentTarget.value || null })}
              >
                <option value="">—</option>
                {props.networks.map((n) => (
                  <option key={n.slug} value={n.slug}>
                    {n.name}
                  </option>
                ))}
              </select>
            </FormField>
            <button
              type="button"
              class="small danger"
              onClick={() => props.onChange(slots.filter((_, j) => j !== i))}
            >
              Remove slot {i + 1}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function PartEditor(props: {
  part: Part;
  networks: Network[];
  onChange: () => Promise<void>;
}) {
  const { part } = props;
  const prefix = `part-${part.id}`;
  const [slots, setSlots] = useState<Slot[]>(part.broadcast_slots);
  // The body previewed is the body generated, even if the form changed since.
  const [previewed, setPreviewed] = useState<{ body: Generation; preview: Preview }>();
  const preview = previewed?.preview;
  const partForm = useForm();
  const slotForm = useForm();
  const genForm = useForm();
  const zone = slots[0]?.zone ?? part.episodes[0]?.zone ?? 'Asia/Seoul';

  const savePart = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => field(data, name);
    const orNull = (name: string) => (text(name).trim() === '' ? null : text(name));
    void partForm.run(async () => {
      await api('PATCH', `/parts/${part.id}`, {
        part: {
          number: Number(text('number')),
          title: text('title'),
          subtitle: orNull('subtitle'),
          subtitle_ko: orNull('subtitle_ko'),
          time_skip_note: orNull('time_skip_note'),
        },
      });
      await props.onChange();
    }, 'Part saved.');
  };
  const saveSlots = () =>
    void slotForm.run(async () => {
      await api('PATCH', `/parts/${part.id}`, { part: { slots } });
      setPreviewed(undefined);
      await props.onChange();
    }, 'Broadcast slots saved.');
  const generation = (form: HTMLFormElement): Generation => {
    const data = new FormData(form);
    const skip = field(data, 'skip')
      .split(/[\s,]+/)
      .filter((d) => d !== '');
    return {
      generation: {
        start_date: field(data, 'start'),
        count: Number(data.get('count') ?? 0),
        first_number: Number(data.get('first') ?? 1),
        skip_dates: skip,
      },
    };
  };
  const askPreview = (event: Event) => {
    event.preventDefault();
    const body = generation(event.currentTarget as HTMLFormElement);
    void genForm.run(async () => {
      const r = await api<{ preview: Preview }>('POST', `/parts/${part.id}/episodes/preview`, body);
      setPreviewed({ body, preview: r.preview });
    }, 'Here is what generation would do. Nothing is saved yet.');
  };
  const generate = () => {
    if (previewed === undefined) return;
    void genForm.run(async () => {
      await api('POST', `/parts/${part.id}/episodes/generate`, previewed.body);
      setPreviewed(undefined);
      await props.onChange();
    }, 'Episodes generated. Edit them in the table below.');
  };

  return (
    <section class="card stack" aria-labelledby={`${prefix}-h`}>
      <h3 id={`${prefix}-h`}>
        Part {part.number}: {part.title}
      </h3>
      <form class="stack" onSubmit={savePart}>
        <div class="row">
          <FormField form={partForm} name="number" label="Number" id={`${prefix}-number`}>
            <input
              id={`${prefix}-number`}
              name="number"
              type="number"
              min={1}
              required
              defaultValue={String(part.number)}
              {...invalid(partForm, 'number', `${prefix}-number`)}
            />
          </FormField>
          <FormField form={partForm} name="title" label="Title" id={`${prefix}-title`}>
            <input id={`${prefix}-title`} name="title" required defaultValue={part.title} />
          </FormField>
          <FormField form={partForm} name="subtitle" label="Subtitle" id={`${prefix}-subtitle`}>
            <input id={`${prefix}-subtitle`} name="subtitle" defaultValue={part.subtitle ?? ''} />
          </FormField>
          <FormField
            form={partForm}
            name="subtitle_ko"
            label="Subtitle in Hangul"
            id={`${prefix}-subtitle-ko`}
          >
            <input
              id={`${prefix}-subtitle-ko`}
              name="subtitle_ko"
              lang="ko"
              defaultValue={part.subtitle_ko ?? ''}
            />
          </FormField>
        </div>
        <FormField
          form={partForm}
          name="time_skip_note"
          label="Time-skip note"
          id={`${prefix}-skip`}
        >
          <input
            id={`${prefix}-skip`}
            name="time_skip_note"
            defaultValue={part.time_skip_note ?? ''}
          />
        </FormField>
        <FormStatus form={partForm} fields={PART_FIELDS} />
        <button type="submit" disabled={partForm.busy}>
          Save part {part.number}
        </button>
      </form>

      <h4>Broadcast slots</h4>
      <SlotRows
        slots={slots}
        networks={props.networks}
        prefix={prefix}
        form={slotForm}
        onChange={setSlots}
      />
      <div class="toolbar">
        <button
          type="button"
          onClick={() =>
            setSlots([...slots, { weekday: 6, local_time: '21:10', zone, network: null }])
          }
        >
          Add a slot
        </button>
        <button type="button" onClick={saveSlots} disabled={slotForm.busy}>
          Save slots
        </button>
      </div>
      <FormStatus
        form={slotForm}
        fields={slots.flatMap((_, i) => [`slots.${i}.local_time`, `slots.${i}.zone`])}
      />

      <h4>Generate episodes</h4>
      <form class="stack" onSubmit={askPreview}>
        <div class="row">
          <FormField form={genForm} name="start_date" label="First air date" id={`${prefix}-start`}>
            <input
              id={`${prefix}-start`}
              name="start"
              type="date"
              required
              {...invalid(genForm, 'start_date', `${prefix}-start`)}
            />
          </FormField>
          <FormField form={genForm} name="count" label="Number of episodes" id={`${prefix}-count`}>
            <input
              id={`${prefix}-count`}
              name="count"
              type="number"
              min={1}
              max={500}
              required
              defaultValue="16"
              {...invalid(genForm, 'count', `${prefix}-count`)}
            />
          </FormField>
          <FormField form={genForm} name="first_number" label="First number" id={`${prefix}-first`}>
            <input id={`${prefix}-first`} name="first" type="number" min={1} defaultValue="1" />
          </FormField>
        </div>
        <FormField
          form={genForm}
          name="skip_dates"
          label="Skipped dates (weeks off)"
          id={`${prefix}-skipdates`}
          hint="Dates in the slots' zone, like 2026-12-12, separated by spaces or commas."
        >
          <textarea
            id={`${prefix}-skipdates`}
            name="skip"
            rows={2}
            aria-describedby={`${prefix}-skipdates-hint`}
            {...invalid(genForm, 'skip_dates', `${prefix}-skipdates`)}
          />
        </FormField>
        <FormStatus form={genForm} fields={['start_date', 'count', 'skip_dates']} />
        <div class="toolbar">
          <button type="submit" disabled={genForm.busy}>
            Preview episodes
          </button>
          {preview !== undefined && (
            <button type="button" disabled={genForm.busy} onClick={generate}>
              Generate these episodes
            </button>
          )}
        </div>
      </form>
      {preview !== undefined && (
        <PreviewTable preview={preview} caption={`Preview of part ${part.number}`} />
      )}

      <h4>Episodes</h4>
      <EpisodeTable part={part} onChange={props.onChange} />
    </section>
  );
}
