import type { Block, Span } from './types.js';

/*
 * Pure helpers of the linker panel: the entities a body mentions, and grouping the detect
 * endpoint's suggestions per entity. Links are made and removed in the editor's document
 * (editor/linker-marks.ts).
 */

export type EntityType = NonNullable<Span['mention']>['type'];

export interface EntityRef {
  type: EntityType;
  id: number;
}

/** A suggestion as `POST /entities/detect` answers it (offsets into the text sent). */
export interface Detected extends EntityRef {
  name: string;
  start: number;
  end: number;
  confidence: number;
}

export const refKey = (ref: EntityRef): string => `${ref.type}:${ref.id}`;

/** Every list of spans in reading order. */
function spanLists(body: readonly Block[]): Span[][] {
  return body.flatMap((b): Span[][] => {
    if (b.type === 'paragraph' || b.type === 'heading' || b.type === 'quote') return [b.content];
    if (b.type === 'list') return b.items;
    if ((b.type === 'image' || b.type === 'video') && b.caption) return [b.caption];
    return [];
  });
}

/** The entities the body mentions, with the text of their first mention. */
export function linkedEntities(body: readonly Block[]): Map<string, EntityRef & { text: string }> {
  const out = new Map<string, EntityRef & { text: string }>();
  for (const spans of spanLists(body))
    for (const span of spans)
      if (span.mention !== undefined && !out.has(refKey(span.mention)))
        out.set(refKey(span.mention), { ...span.mention, text: span.text });
  return out;
}

/** One entity the linker found, however many times. */
export interface Suggestion extends EntityRef {
  key: string;
  name: string;
  confidence: number;
  /** The distinct ways the text writes it, first one first. */
  texts: string[];
  occurrences: { start: number; end: number }[];
}

/** A name the linker could not attribute: the writer chooses among the candidates. */
export interface Choice {
  key: string;
  text: string;
  candidates: (EntityRef & { name: string })[];
  occurrences: { start: number; end: number }[];
}

/** Groups the linker's answer: one suggestion per entity, one choice per ambiguous name. */
export function groupSuggestions(
  text: string,
  found: readonly Detected[],
  rejected: ReadonlySet<string>,
): { suggestions: Suggestion[]; choices: Choice[] } {
  const byRange = new Map<string, Detected[]>();
  for (const m of found) {
    const range = `${m.start}:${m.end}`;
    byRange.set(range, [...(byRange.get(range) ?? []), m]);
  }
  const suggestions = new Map<string, Suggestion>();
  const choices = new Map<string, Choice>();
  for (const list of byRange.values()) {
    const first = list[0];
    if (first === undefined) continue;
    const occurrence = { start: first.start, end: first.end };
    const written = text.slice(first.start, first.end);
    const open = list.filter((m) => !rejected.has(refKey(m)));
    if (open.length === 0) continue;
    if (list.length === 1) {
      const key = refKey(first);
      const s = suggestions.get(key) ?? {
        key,
        type: first.type,
        id: first.id,
        name: first.name,
        confidence: 0,
        texts: [],
        occurrences: [],
      };
      s.confidence = Math.max(s.confidence, first.confidence);
      if (!s.texts.includes(written)) s.texts.push(written);
      s.occurrences.push(occurrence);
      suggestions.set(key, s);
      continue;
    }
    const key = open.map(refKey).sort().join('|');
    const c = choices.get(key) ?? {
      key,
      text: written,
      candidates: open.map((m) => ({ type: m.type, id: m.id, name: m.name })),
      occurrences: [],
    };
    c.occurrences.push(occurrence);
    choices.set(key, c);
  }
  return { suggestions: [...suggestions.values()], choices: [...choices.values()] };
}
