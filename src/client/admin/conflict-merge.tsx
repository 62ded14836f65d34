import { useState } from 'preact/hooks';
import { fieldsOf, type Fields } from './editor-fields.js';
import type { Article, Block } from './types.js';

/*
 * Merging after a refused save (issue 18: "a stale save still gets 409 with a way to merge or
 * keep either"). A three-way merge by field: the version this editor started from (base), the
 * writer's (mine) and the one saved meanwhile (theirs). A field only one side changed takes that
 * side's value; a field both changed differently is the writer's choice, shown side by side.
 * The body is one field: two people rewriting the same story is rare, two people touching
 * different parts of an article (one the tags, one the text) is the everyday case.
 */

type FieldName = 'title' | 'dek' | 'body' | 'tags' | 'image' | 'settings';

const LABELS: Record<FieldName, string> = {
  title: 'Title',
  dek: 'Standfirst',
  body: 'Text',
  tags: 'Tags',
  image: 'Feature image',
  settings: 'Settings (address, SEO, authors, comments)',
};

interface Version {
  fields: Fields;
  body: readonly Block[];
}

export interface Merged {
  fields: Fields;
  body: Block[];
}

function valueOf(v: Version, name: FieldName): unknown {
  return name === 'body' ? v.body : v.fields[name];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The words of a body, for showing two versions side by side. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return value
      .map(textOf)
      .filter((t) => t !== '')
      .join(' ');
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.text === 'string') return o.text;
    if (typeof o.name === 'string') return o.name;
    return Object.values(o)
      .map(textOf)
      .filter((t) => t !== '')
      .join(' ');
  }
  return '';
}

function shown(value: unknown): string {
  const text = textOf(value).replace(/\s+/g, ' ').trim();
  if (text === '') return '(empty)';
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}

export interface MergePlan {
  /** Fields both sides changed, differently: the writer chooses. */
  conflicts: FieldName[];
  /** Fields only the other version changed: theirs is taken. */
  fromTheirs: FieldName[];
  /** Fields only this editor changed: kept. */
  fromMine: FieldName[];
}

export function planMerge(base: Version, mine: Version, theirs: Version): MergePlan {
  const plan: MergePlan = { conflicts: [], fromTheirs: [], fromMine: [] };
  for (const name of Object.keys(LABELS) as FieldName[]) {
    const [b, m, t] = [valueOf(base, name), valueOf(mine, name), valueOf(theirs, name)];
    if (same(m, t)) continue;
    if (same(m, b)) plan.fromTheirs.push(name);
    else if (same(t, b)) plan.fromMine.push(name);
    else plan.conflicts.push(name);
  }
  return plan;
}

export function applyMerge(
  mine: Version,
  theirs: Version,
  plan: MergePlan,
  choice: ReadonlyMap<FieldName, 'mine' | 'theirs'>,
): Merged {
  const takeTheirs = (name: FieldName) =>
    plan.fromTheirs.includes(name) ||
    (plan.conflicts.includes(name) && choice.get(name) === 'theirs');
  const fields = { ...mine.fields };
  for (const name of ['title', 'dek', 'tags', 'image', 'settings'] as const) {
    if (takeTheirs(name)) Object.assign(fields, { [name]: theirs.fields[name] });
  }
  return { fields, body: [...(takeTheirs('body') ? theirs.body : mine.body)] };
}

export function MergePanel(props: {
  base: Article;
  mine: Version;
  theirs: Article;
  onMerged: (merged: Merged, theirs: Article) => void;
  onCancel: () => void;
}) {
  const base: Version = { fields: fieldsOf(props.base), body: props.base.body ?? [] };
  const theirs: Version = { fields: fieldsOf(props.theirs), body: props.theirs.body ?? [] };
  const plan = planMerge(base, props.mine, theirs);
  const [choice, setChoice] = useState(
    () => new Map<FieldName, 'mine' | 'theirs'>(plan.conflicts.map((n) => [n, 'mine'])),
  );
  const list = (names: FieldName[]) => names.map((n) => LABELS[n].toLowerCase()).join(', ');
  return (
    <section class="card stack merge" aria-labelledby="merge-h">
      <h2 id="merge-h">Merge the two versions</h2>
      {plan.fromTheirs.length > 0 && <p>Their changes are taken: {list(plan.fromTheirs)}.</p>}
      {plan.fromMine.length > 0 && <p>Your changes are kept: {list(plan.fromMine)}.</p>}
      {plan.conflicts.map((name) => (
        <fieldset key={name} class="merge__field">
          <legend>{LABELS[name]}: both of you changed it</legend>
          {(['mine', 'theirs'] as const).map((side) => (
            <label key={side} class="merge__side">
              <input
                type="radio"
                name={`merge-${name}`}
                value={side}
                checked={choice.get(name) === side}
                onChange={() => setChoice(new Map(choice).set(name, side))}
              />{' '}
              <strong>{side === 'mine' ? 'Yours' : 'Theirs'}:</strong>{' '}
              <span class="merge__text">
                {shown(valueOf(side === 'mine' ? props.mine : theirs, name))}
              </span>
            </label>
          ))}
        </fieldset>
      ))}
      <p>
        <button
          type="button"
          onClick={() => props.onMerged(applyMerge(props.mine, theirs, plan, choice), props.theirs)}
        >
          Use the merged version
        </button>{' '}
        <button type="button" class="link" onClick={props.onCancel}>
          Back
        </button>
      </p>
    </section>
  );
}
