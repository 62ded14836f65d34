import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { BodySchema } from '../../../features/articles/index.js';
import type { Block, Span } from '../types.js';
import { blocksToDoc, docToBlocks } from './convert.js';
import { schema } from './schema.js';

/*
 * Any valid body in canonical form (see convert.ts) goes into the editor's document and comes
 * back unchanged, on every block and mark the schema has; and the document is valid for the
 * editor's schema on the way.
 */

const MARK_ORDER = ['bold', 'italic', 'code', 'sup', 'sub', 'strike', 'underline'] as const;

const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', 'Z', ' ', '\n', '.', '환', '혼', '이', '—', '"', '<', '&', '😀'),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  minLength: 1,
  maxLength: 12,
});

const rawSpan: fc.Arbitrary<Span> = fc.record(
  {
    text,
    marks: fc.subarray([...MARK_ORDER], { minLength: 1 }),
    href: fc.constantFrom('https://example.com/a', '/news/x', 'mailto:desk@example.com'),
    mention: fc.record({
      type: fc.constantFrom('show', 'person', 'character', 'group', 'event'),
      id: fc.integer({ min: 1, max: 5 }),
    }),
  },
  { requiredKeys: ['text'] },
);

const same = (a: Span, b: Span) =>
  a.href === b.href &&
  (a.marks ?? []).join() === (b.marks ?? []).join() &&
  JSON.stringify(a.mention) === JSON.stringify(b.mention);

/** Neighbours of one format are one span: the form the editor keeps. */
function canonical(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const span of spans) {
    const last = out.at(-1);
    if (last !== undefined && same(last, span))
      out[out.length - 1] = { ...last, text: last.text + span.text };
    else out.push({ ...span });
  }
  return out;
}

const spans = (minLength: number) => fc.array(rawSpan, { minLength, maxLength: 6 }).map(canonical);
const caption = fc.option(spans(1), { nil: undefined });

const block: fc.Arbitrary<Block> = fc.oneof(
  spans(1).map((content): Block => ({ type: 'paragraph', content })),
  fc
    .record({ level: fc.constantFrom<2 | 3 | 4>(2, 3, 4), content: spans(1) })
    .map((b): Block => ({ type: 'heading', ...b })),
  fc
    .record({ content: spans(0), cite: fc.option(text, { nil: undefined }) })
    .map((b): Block => ({ type: 'quote', content: b.content, ...(b.cite && { cite: b.cite }) })),
  fc
    .record({ ordered: fc.boolean(), items: fc.array(spans(0), { minLength: 1, maxLength: 4 }) })
    .map((b): Block => ({ type: 'list', ...b })),
  fc
    .record(
      {
        src: fc.constantFrom('/media/3/1200.jpg', 'https://example.com/still.jpg'),
        alt: fc.string({ maxLength: 20 }),
        caption,
        credit: fc.string({ minLength: 1, maxLength: 20 }),
        mediaId: fc.integer({ min: 1, max: 1_000 }),
        width: fc.integer({ min: 1, max: 4_000 }),
        height: fc.integer({ min: 1, max: 4_000 }),
      },
      { requiredKeys: ['src', 'alt'] },
    )
    .map((b): Block => {
      const out: Block = { type: 'image', src: b.src, alt: b.alt };
      if (b.caption !== undefined) out.caption = b.caption;
      if (b.credit !== undefined) out.credit = b.credit;
      if (b.mediaId !== undefined) out.mediaId = b.mediaId;
      if (b.width !== undefined) out.width = b.width;
      if (b.height !== undefined) out.height = b.height;
      return out;
    }),
  fc.record({ videoId: fc.integer({ min: 1, max: 1_000 }), caption }).map((b): Block => ({
    type: 'video',
    videoId: b.videoId,
    ...(b.caption !== undefined && { caption: b.caption }),
  })),
  fc.integer({ min: 1, max: 1_000 }).map((episodeId): Block => ({ type: 'airtime', episodeId })),
  fc.string({ minLength: 1, maxLength: 40 }).map((code): Block => ({ type: 'code', text: code })),
  fc
    .record({
      header: fc.boolean(),
      rows: fc.array(fc.array(spans(0), { minLength: 1, maxLength: 3 }), {
        minLength: 1,
        maxLength: 3,
      }),
      caption,
    })
    .map((b): Block => ({
      type: 'table',
      header: b.header,
      rows: b.rows,
      ...(b.caption !== undefined && { caption: b.caption }),
    })),
  fc
    .array(
      fc.record({ src: fc.constantFrom('/media/1/800.jpg'), alt: fc.string({ maxLength: 10 }) }),
      { minLength: 1, maxLength: 3 },
    )
    .map((images): Block => ({ type: 'gallery', images })),
);

describe('blocks ⇄ editor document', () => {
  it('gives back any valid body unchanged', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 12 }), (body) => {
        expect(Value.Check(BodySchema, body)).toBe(true);
        const doc = blocksToDoc(body);
        doc.check();
        expect(docToBlocks(doc)).toEqual(body);
        // And again from the document made of the result: a fixed point.
        expect(docToBlocks(schema.nodeFromJSON(doc.toJSON()))).toEqual(body);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a hard line break inside bold text as one span', () => {
    const body: Block[] = [
      { type: 'paragraph', content: [{ text: 'Sat 21:10\nSun 21:10', marks: ['bold'] }] },
    ];
    const doc = blocksToDoc(body);
    expect(doc.firstChild?.childCount).toBe(3);
    expect(docToBlocks(doc)).toEqual(body);
  });

  it('never publishes the empty paragraph a new article starts with', () => {
    expect(docToBlocks(blocksToDoc([]))).toEqual([]);
    const doc = blocksToDoc([]);
    expect(doc.childCount).toBe(1);
    expect(doc.firstChild?.type.name).toBe('paragraph');
  });
});
