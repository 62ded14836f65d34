import { describe, expect, it } from 'vitest';
import { applyMerge, planMerge } from './conflict-merge.js';
import { EMPTY, type Fields } from './editor-fields.js';
import type { Block } from './types.js';

const para = (text: string): Block => ({ type: 'paragraph', content: [{ text }] });
const version = (fields: Partial<Fields>, body: string) => ({
  fields: { ...EMPTY, title: 'Base', ...fields },
  body: [para(body)],
});

describe('merging two versions of an article', () => {
  const base = version({ dek: 'Base dek', tags: ['A'] }, 'Base text.');

  it('takes each side’s own changes and asks only where both changed differently', () => {
    const mine = version({ title: 'Mine', dek: 'My dek', tags: ['A'] }, 'Base text.');
    const theirs = version({ dek: 'Their dek', tags: ['A', 'B'] }, 'Their text.');
    const plan = planMerge(base, mine, theirs);
    expect(plan).toEqual({
      conflicts: ['dek'],
      fromTheirs: ['body', 'tags'],
      fromMine: ['title'],
    });
    const merged = applyMerge(mine, theirs, plan, new Map([['dek', 'theirs']]));
    expect(merged.fields).toMatchObject({ title: 'Mine', dek: 'Their dek', tags: ['A', 'B'] });
    expect(merged.body).toEqual([para('Their text.')]);
    expect(applyMerge(mine, theirs, plan, new Map([['dek', 'mine']])).fields.dek).toBe('My dek');
  });

  it('sees no conflict where both made the same change', () => {
    const same = version({ title: 'Same', dek: 'Base dek', tags: ['A'] }, 'Base text.');
    expect(planMerge(base, same, same)).toEqual({ conflicts: [], fromTheirs: [], fromMine: [] });
  });
});
