import { Type, type Static } from 'typebox';

/*
 * The structured body of an article or page: a list of blocks. Text inside blocks is a list of
 * spans with marks, never HTML, so that nothing a writer types can become markup by accident.
 */

export const ENTITY_TYPES = ['show', 'person', 'character', 'group', 'event'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

const Text = (max: number) => Type.String({ maxLength: max });

/** Every inline mark, in the order they are nested when rendered (outermost last). */
export const MARKS = ['code', 'bold', 'italic', 'sup', 'sub', 'strike', 'underline'] as const;
export type Mark = (typeof MARKS)[number];
const MarkSchema = Type.Union([
  Type.Literal('code'),
  Type.Literal('bold'),
  Type.Literal('italic'),
  Type.Literal('sup'),
  Type.Literal('sub'),
  Type.Literal('strike'),
  Type.Literal('underline'),
]);

export const SpanSchema = Type.Object(
  {
    /** The text as typed. */
    text: Text(20_000),
    /**
     * Inline formatting: bold (<strong>), italic (<em>), code (<code>), sup (<sup>), sub (<sub>),
     * strike (<s>), underline (<u>). Each at most once.
     */
    marks: Type.Optional(Type.Array(MarkSchema, { maxItems: MARKS.length })),
    /** A link target: http(s) URL, mailto:, tel:, a site path (/…) or an anchor (#…). */
    href: Type.Optional(Text(2_000)),
    /** An entity this text mentions; rendered as a link to its page. */
    mention: Type.Optional(
      Type.Object(
        {
          type: Type.Union([
            Type.Literal('show'),
            Type.Literal('person'),
            Type.Literal('character'),
            Type.Literal('group'),
            Type.Literal('event'),
          ]),
          id: Type.Integer({ minimum: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Span = Static<typeof SpanSchema>;

const Spans = Type.Array(SpanSchema, { maxItems: 2_000 });

/** One picture of a gallery: the same fields as an image block, without its type. */
const GalleryImage = Type.Object(
  {
    /** Site path (/media/…) or absolute http(s) URL; with mediaId, the library item's largest JPEG. */
    src: Text(2_000),
    alt: Text(1_000),
    caption: Type.Optional(Spans),
    mediaId: Type.Optional(Type.Integer({ minimum: 1 })),
    width: Type.Optional(Type.Integer({ minimum: 1 })),
    height: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const BlockSchema = Type.Union([
  Type.Object({ type: Type.Literal('paragraph'), content: Spans }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('heading'),
      level: Type.Union([Type.Literal(2), Type.Literal(3), Type.Literal(4)]),
      content: Spans,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('quote'), content: Spans, cite: Type.Optional(Text(500)) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('list'),
      ordered: Type.Boolean(),
      items: Type.Array(Spans, { maxItems: 500 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('image'),
      /** Site path (/media/…) or absolute http(s) URL; with mediaId, the library item's largest JPEG. */
      src: Text(2_000),
      alt: Text(1_000),
      caption: Type.Optional(Spans),
      /** Who took or owns the picture, shown after the caption ("Photo: tvN"). */
      credit: Type.Optional(Text(300)),
      /** A media library item: rendered as <picture> with its sizes and formats. */
      mediaId: Type.Optional(Type.Integer({ minimum: 1 })),
      width: Type.Optional(Type.Integer({ minimum: 1 })),
      height: Type.Optional(Type.Integer({ minimum: 1 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('video'),
      /** A row of the videos table. */
      videoId: Type.Integer({ minimum: 1 }),
      caption: Type.Optional(Spans),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('code'),
      /** Preformatted text shown as typed: line breaks and indentation kept (<pre><code>). */
      text: Text(20_000),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('table'),
      /** Whether the first row is a header row (<th> cells). */
      header: Type.Boolean(),
      /** Rows of cells; each cell is spans. */
      rows: Type.Array(Type.Array(Spans, { maxItems: 50 }), { minItems: 1, maxItems: 1_000 }),
      caption: Type.Optional(Spans),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('gallery'),
      images: Type.Array(GalleryImage, { minItems: 1, maxItems: 100 }),
      caption: Type.Optional(Spans),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('airtime'),
      /** A row of the episodes table. */
      episodeId: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  ),
]);
export type Block = Static<typeof BlockSchema>;

export const BodySchema = Type.Array(BlockSchema, { maxItems: 5_000 });

/** Shorthand for a paragraph of plain text. */
export function paragraph(text: string): Block {
  return { type: 'paragraph', content: [{ text }] };
}

/**
 * The body without paragraphs that show nothing (no text, or only spaces and line breaks): an
 * editor's empty first line must not become <p></p> on the page and in the feeds.
 */
export function withoutEmptyParagraphs(blocks: readonly Block[]): Block[] {
  return blocks.filter((b) => b.type !== 'paragraph' || spansText(b.content).trim() !== '');
}

/** The plain text of spans (for excerpts, feeds and search). */
export function spansText(spans: readonly Span[]): string {
  return spans.map((s) => s.text).join('');
}

/** The plain text of a body, one line per text block. */
export function bodyText(blocks: readonly Block[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
      case 'quote':
        lines.push(spansText(block.content));
        break;
      case 'list':
        for (const item of block.items) lines.push(spansText(item));
        break;
      case 'image':
      case 'video':
        if (block.caption) lines.push(spansText(block.caption));
        break;
      case 'code':
        lines.push(block.text);
        break;
      case 'table':
        for (const row of block.rows) lines.push(row.map(spansText).join('\t'));
        if (block.caption) lines.push(spansText(block.caption));
        break;
      case 'gallery':
        for (const image of block.images) if (image.caption) lines.push(spansText(image.caption));
        if (block.caption) lines.push(spansText(block.caption));
        break;
      case 'airtime':
        break;
    }
  }
  return lines.join('\n');
}

/**
 * A link target readers can follow safely: an http(s) URL, mailto:, tel:, a path of this site
 * (/…, not //…) or an anchor on the page (#…). Anything else (javascript:, data:, vbscript:, a
 * protocol-relative //host) is never stored or published.
 * @returns the trimmed target, or undefined when it is not one of those
 */
export function safeLinkHref(href: string): string | undefined {
  const trimmed = href.trim();
  if (/^(?:https?:\/\/|mailto:|tel:)[^\s]+$/i.test(trimmed)) return trimmed;
  if (/^\/(?!\/)[^\s]*$/.test(trimmed) || /^#[^\s]*$/.test(trimmed)) return trimmed;
  return undefined;
}

/**
 * Every run of spans in a body, in reading order: text blocks, list items, table cells and
 * captions. The arrays are the body's own, so a caller may change spans in place.
 */
export function spanLists(blocks: readonly Block[]): Span[][] {
  const lists: Span[][] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
      case 'quote':
        lists.push(block.content);
        break;
      case 'list':
        lists.push(...block.items);
        break;
      case 'table':
        for (const row of block.rows) lists.push(...row);
        break;
      case 'gallery':
        for (const image of block.images) if (image.caption) lists.push(image.caption);
        break;
      case 'image':
      case 'video':
      case 'code':
      case 'airtime':
        break;
    }
    if ('caption' in block && block.caption) lists.push(block.caption);
  }
  return lists;
}

/** Ids of the videos, episodes and media a body refers to, so that a page loads them in one query each. */
export function referencedIds(blocks: readonly Block[]): {
  videoIds: number[];
  episodeIds: number[];
  mediaIds: number[];
} {
  const videoIds = new Set<number>();
  const episodeIds = new Set<number>();
  const mediaIds = new Set<number>();
  for (const block of blocks) {
    if (block.type === 'video') videoIds.add(block.videoId);
    if (block.type === 'airtime') episodeIds.add(block.episodeId);
    if (block.type === 'image' && block.mediaId !== undefined) mediaIds.add(block.mediaId);
    if (block.type === 'gallery')
      for (const image of block.images)
        if (image.mediaId !== undefined) mediaIds.add(image.mediaId);
  }
  return { videoIds: [...videoIds], episodeIds: [...episodeIds], mediaIds: [...mediaIds] };
}

/**
 * Marks [start, end) of the spans' text as a mention. A mention may cross spans of different
 * marks ("**Alchemy of Souls** Part 2"); each piece then carries it. Text already linked is left.
 */
export function applyMention(
  spans: Span[],
  m: { start: number; end: number; type: EntityType; id: number },
): boolean {
  const out: Span[] = [];
  let offset = 0;
  let touched = false;
  for (const span of spans) {
    const from = offset;
    const to = offset + span.text.length;
    offset = to;
    if (to <= m.start || from >= m.end) {
      out.push(span);
      continue;
    }
    if (span.href !== undefined || span.mention !== undefined) return false;
    const { text, ...format } = span;
    const a = Math.max(m.start, from) - from;
    const b = Math.min(m.end, to) - from;
    const pieces: Span[] = [
      { ...format, text: text.slice(0, a) },
      { ...format, text: text.slice(a, b), mention: { type: m.type, id: m.id } },
      { ...format, text: text.slice(b) },
    ];
    out.push(...pieces.filter((p) => p.text !== ''));
    touched = true;
  }
  if (touched) spans.splice(0, spans.length, ...out);
  return touched;
}
