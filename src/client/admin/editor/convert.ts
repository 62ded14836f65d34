import { Fragment, Mark, type Node as PMNode } from 'prosemirror-model';
import type { Block, Span } from '../types.js';
import { schema } from './schema.js';

/*
 * Deho blocks ⇄ the editor's document, one to one. A body in canonical form comes back exactly
 * as it went in (convert.test.ts checks it for any valid body). Canonical form is what the editor
 * cannot tell apart anyway: neighbouring spans of the same format are one span; no span is
 * empty; a span's marks are in the order bold, italic, code, sup, sub, strike, underline; an empty caption, credit or cite is
 * left out. Empty paragraphs and headings, and lists without items, are dropped on the way out:
 * the writer's cursor needs an empty paragraph, the reader does not.
 */

type SpanMark = NonNullable<Span['marks']>[number];
const SPAN_MARKS: readonly SpanMark[] = [
  'bold',
  'italic',
  'code',
  'sup',
  'sub',
  'strike',
  'underline',
];

type ImageBlock = Extract<Block, { type: 'image' }>;
type MentionType = NonNullable<Span['mention']>['type'];

function marksOf(span: Span): readonly Mark[] {
  const marks: Mark[] = [];
  if (span.mention !== undefined) marks.push(schema.marks.mention.create({ ...span.mention }));
  if (span.href !== undefined) marks.push(schema.marks.link.create({ href: span.href }));
  for (const mark of span.marks ?? []) marks.push(schema.marks[mark].create());
  return Mark.setFrom(marks);
}

/** The inline nodes of spans: text, and a hard break for each "\n". */
function spansToInline(spans: readonly Span[]): PMNode[] {
  const out: PMNode[] = [];
  for (const span of spans) {
    const marks = marksOf(span);
    span.text.split('\n').forEach((part, i) => {
      if (i > 0) out.push(schema.nodes.hard_break.create(null, null, marks));
      if (part !== '') out.push(schema.text(part, marks));
    });
  }
  return out;
}

function spanOf(text: string, marks: readonly Mark[]): Span {
  const span: Span = { text };
  const named = SPAN_MARKS.filter((name) => marks.some((m) => m.type.name === name));
  if (named.length > 0) span.marks = named;
  for (const mark of marks) {
    if (mark.type === schema.marks.link) span.href = mark.attrs.href as string;
    if (mark.type === schema.marks.mention)
      span.mention = { type: mark.attrs.type as MentionType, id: mark.attrs.id as number };
  }
  return span;
}

const sameFormat = (a: Span, b: Span): boolean =>
  a.href === b.href &&
  (a.marks ?? []).join() === (b.marks ?? []).join() &&
  a.mention?.type === b.mention?.type &&
  a.mention?.id === b.mention?.id;

/** The spans of a node's inline content, neighbours of the same format merged. */
function inlineToSpans(node: PMNode): Span[] {
  const out: Span[] = [];
  node.forEach((child) => {
    const text = child.isText
      ? (child.text ?? '')
      : child.type === schema.nodes.hard_break
        ? '\n'
        : '';
    if (text === '') return;
    const span = spanOf(text, child.marks);
    const last = out.at(-1);
    if (last !== undefined && sameFormat(last, span)) last.text += span.text;
    else out.push(span);
  });
  return out;
}

function caption(spans: readonly Span[] | undefined): PMNode {
  return schema.nodes.caption.create(null, spansToInline(spans ?? []));
}

function blockToNode(block: Block): PMNode | undefined {
  const { nodes } = schema;
  switch (block.type) {
    case 'paragraph':
      return nodes.paragraph.create(null, spansToInline(block.content));
    case 'heading':
      return nodes.heading.create({ level: block.level }, spansToInline(block.content));
    case 'quote':
      return nodes.quote.create({ cite: block.cite ?? '' }, spansToInline(block.content));
    case 'list': {
      if (block.items.length === 0) return undefined;
      const items = block.items.map((item) =>
        nodes.list_item.create(null, nodes.paragraph.create(null, spansToInline(item))),
      );
      return (block.ordered ? nodes.ordered_list : nodes.bullet_list).create(null, items);
    }
    case 'image':
      return nodes.image.create(
        {
          src: block.src,
          alt: block.alt,
          credit: block.credit ?? '',
          mediaId: block.mediaId ?? null,
          width: block.width ?? null,
          height: block.height ?? null,
        },
        caption(block.caption),
      );
    case 'video':
      return nodes.video.create({ videoId: block.videoId }, caption(block.caption));
    case 'airtime':
      return nodes.airtime.create({ episodeId: block.episodeId });
    case 'code':
      return nodes.code_block.create(null, block.text === '' ? null : schema.text(block.text));
    case 'table':
    case 'gallery':
      return nodes.kept_block.create({ block: JSON.stringify(block) });
  }
}

/** The editor's block nodes of a body (for a document, or for a slice to insert). */
export function blocksToFragment(blocks: readonly Block[]): Fragment {
  return Fragment.from(blocks.map(blockToNode).filter((n): n is PMNode => n !== undefined));
}

/** The editor's document of a body; an empty body is one empty paragraph to type in. */
export function blocksToDoc(blocks: readonly Block[]): PMNode {
  const content = blocksToFragment(blocks);
  return schema.nodes.doc.create(
    null,
    content.childCount > 0 ? content : schema.nodes.paragraph.create(),
  );
}

function captionOf(node: PMNode): Span[] | undefined {
  const first = node.firstChild;
  const spans = first === null ? [] : inlineToSpans(first);
  return spans.length > 0 ? spans : undefined;
}

function imageBlock(node: PMNode): ImageBlock {
  const a = node.attrs as {
    src: string;
    alt: string;
    credit: string;
    mediaId: number | null;
    width: number | null;
    height: number | null;
  };
  const block: ImageBlock = { type: 'image', src: a.src, alt: a.alt };
  const spans = captionOf(node);
  if (spans !== undefined) block.caption = spans;
  if (a.credit !== '') block.credit = a.credit;
  if (a.mediaId !== null) block.mediaId = a.mediaId;
  if (a.width !== null) block.width = a.width;
  if (a.height !== null) block.height = a.height;
  return block;
}

function nodeToBlock(node: PMNode): Block | undefined {
  switch (node.type.name) {
    case 'paragraph': {
      const content = inlineToSpans(node);
      return content.length > 0 ? { type: 'paragraph', content } : undefined;
    }
    case 'heading': {
      const content = inlineToSpans(node);
      const level = node.attrs.level as 2 | 3 | 4;
      return content.length > 0 ? { type: 'heading', level, content } : undefined;
    }
    case 'quote': {
      const cite = node.attrs.cite as string;
      return { type: 'quote', content: inlineToSpans(node), ...(cite !== '' && { cite }) };
    }
    case 'bullet_list':
    case 'ordered_list': {
      const items: Span[][] = [];
      node.forEach((item) => items.push(item.firstChild ? inlineToSpans(item.firstChild) : []));
      return { type: 'list', ordered: node.type.name === 'ordered_list', items };
    }
    case 'image':
      return node.attrs.src === '' ? undefined : imageBlock(node);
    case 'video': {
      const spans = captionOf(node);
      const videoId = node.attrs.videoId as number;
      return videoId > 0
        ? { type: 'video', videoId, ...(spans !== undefined && { caption: spans }) }
        : undefined;
    }
    case 'code_block':
      return node.textContent === '' ? undefined : { type: 'code', text: node.textContent };
    case 'airtime': {
      const episodeId = node.attrs.episodeId as number;
      return episodeId > 0 ? { type: 'airtime', episodeId } : undefined;
    }
    case 'kept_block':
      return JSON.parse(node.attrs.block as string) as Block;
    default:
      return undefined;
  }
}

/** The body of a document, as the API takes it. */
export function docToBlocks(doc: PMNode): Block[] {
  const out: Block[] = [];
  doc.forEach((node) => {
    const block = nodeToBlock(node);
    if (block !== undefined) out.push(block);
  });
  return out;
}
