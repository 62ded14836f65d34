import { parseDocument } from 'htmlparser2';
import { isTag, isText, type ChildNode, type Element } from 'domhandler';
import { parseVideoUrl, type ParsedVideoUrl } from '../media/index.js';
import { safeLinkHref, type Block, type Mark, type Span } from './blocks.js';

/*
 * Turns article HTML (from the Admin API's {"html": …} or a WordPress export) into Deho blocks.
 * Only structure and a few inline marks survive; every attribute but href/src/alt is dropped,
 * and script, style and unknown embeds are discarded, so no markup ever reaches a page.
 */

/** A clip found in the HTML; the caller turns it into a video row and a video block. */
export interface EmbedBlock {
  type: 'embed';
  video: ParsedVideoUrl;
  caption?: Span[];
}

export type ConvertedBlock = Block | EmbedBlock;

interface InlineState {
  marks: Mark[];
  href?: string;
}

const DROP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'object',
  'embed',
  'svg',
  'math',
  'form',
  'button',
  'select',
  'textarea',
  'input',
]);
const MARK_OF: Readonly<Record<string, Mark>> = {
  strong: 'bold',
  b: 'bold',
  em: 'italic',
  i: 'italic',
  cite: 'italic',
  code: 'code',
  kbd: 'code',
  tt: 'code',
  sup: 'sup',
  sub: 'sub',
  s: 'strike',
  del: 'strike',
  strike: 'strike',
  u: 'underline',
  ins: 'underline',
};
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'figure',
  'img',
  'iframe',
  'video',
  'hr',
  'table',
  'pre',
]);

function isElement(node: ChildNode): node is Element {
  return isTag(node);
}

/** Collapses HTML whitespace the way a browser shows it. */
function collapse(text: string): string {
  return text.replace(/[\t\n\r\f ]+/g, ' ');
}

function sameFormat(a: Span, b: Span): boolean {
  return (
    a.href === b.href &&
    (a.marks ?? []).join() === (b.marks ?? []).join() &&
    a.mention === undefined &&
    b.mention === undefined
  );
}

/** Merges neighbouring spans with the same format and trims the ends. */
function tidy(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && sameFormat(last, span)) last.text += span.text;
    else merged.push({ ...span });
  }
  const first = merged[0];
  if (first) first.text = first.text.replace(/^\s+/, '');
  const last = merged[merged.length - 1];
  if (last) last.text = last.text.replace(/\s+$/, '');
  return merged
    .filter((s) => s.text !== '')
    .map((s) => ({ ...s, text: s.text.replace(/ *\n */g, '\n') }));
}

function inline(nodes: readonly ChildNode[], state: InlineState, out: Span[]): void {
  for (const node of nodes) {
    if (isText(node)) {
      const text = collapse(node.data);
      if (text !== '') {
        const span: Span = { text };
        if (state.marks.length) span.marks = [...state.marks];
        if (state.href !== undefined) span.href = state.href;
        out.push(span);
      }
      continue;
    }
    if (!isElement(node) || DROP.has(node.name)) continue;
    if (node.name === 'br') {
      out.push({ text: '\n' });
      continue;
    }
    const mark = MARK_OF[node.name];
    const next: InlineState = {
      marks: mark && !state.marks.includes(mark) ? [...state.marks, mark] : state.marks,
      ...(state.href !== undefined && { href: state.href }),
    };
    // A link that is not safe to follow keeps its words and loses its target.
    if (node.name === 'a' && node.attribs.href) {
      const href = safeLinkHref(node.attribs.href);
      if (href !== undefined) next.href = href;
    }
    inline(node.children, next, out);
  }
}

function spansOf(nodes: readonly ChildNode[]): Span[] {
  const out: Span[] = [];
  inline(nodes, { marks: [] }, out);
  return tidy(out);
}

function textOf(nodes: readonly ChildNode[]): string {
  return spansOf(nodes)
    .map((s) => s.text)
    .join('');
}

function findFirst(nodes: readonly ChildNode[], name: string): Element | undefined {
  for (const node of nodes) {
    if (!isElement(node)) continue;
    if (node.name === name) return node;
    const inner = findFirst(node.children, name);
    if (inner) return inner;
  }
  return undefined;
}

function imageBlock(img: Element, caption?: Span[]): Block | undefined {
  const src = img.attribs.src?.trim();
  if (!src) return undefined;
  const width = Number(img.attribs.width);
  const height = Number(img.attribs.height);
  return {
    type: 'image',
    src,
    alt: img.attribs.alt ?? '',
    ...(caption && caption.length > 0 && { caption }),
    ...(Number.isInteger(width) && width > 0 && { width }),
    ...(Number.isInteger(height) && height > 0 && { height }),
  };
}

/** A paragraph that is nothing but a clip URL (WordPress auto-embeds these) becomes an embed. */
function embedFromSpans(spans: Span[]): EmbedBlock | undefined {
  if (spans.length !== 1) return undefined;
  const only = spans[0];
  if (only === undefined) return undefined;
  const candidate = (only.href ?? only.text).trim();
  if (only.href !== undefined && only.href.trim() !== only.text.trim()) return undefined;
  const video = parseVideoUrl(candidate);
  return video ? { type: 'embed', video } : undefined;
}

function listItems(list: Element): Span[][] {
  return list.children
    .filter((c): c is Element => isElement(c) && c.name === 'li')
    .map((li) => spansOf(li.children))
    .filter((spans) => spans.length > 0);
}

function convertNodes(nodes: readonly ChildNode[], out: ConvertedBlock[]): void {
  let pending: ChildNode[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const spans = spansOf(pending);
    pending = [];
    if (spans.length === 0) return;
    out.push(embedFromSpans(spans) ?? { type: 'paragraph', content: spans });
  };
  for (const node of nodes) {
    if (
      isText(node) ||
      (isElement(node) &&
        !BLOCK_TAGS.has(node.name) &&
        !DROP.has(node.name) &&
        !holdsBlocks(node.children))
    ) {
      pending.push(node);
      continue;
    }
    flush();
    if (!isElement(node) || DROP.has(node.name)) continue;
    convertElement(node, out);
  }
  flush();
}

function convertElement(node: Element, out: ConvertedBlock[]): void {
  switch (node.name) {
    case 'p': {
      const img = findFirst(node.children, 'img');
      const spans = spansOf(node.children);
      if (img && spans.length === 0) {
        const block = imageBlock(img);
        if (block) out.push(block);
        return;
      }
      if (spans.length > 0)
        out.push(embedFromSpans(spans) ?? { type: 'paragraph', content: spans });
      return;
    }
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6': {
      const content = spansOf(node.children);
      const level = node.name === 'h1' || node.name === 'h2' ? 2 : node.name === 'h3' ? 3 : 4;
      if (content.length > 0) out.push({ type: 'heading', level, content });
      return;
    }
    case 'blockquote': {
      const citeEl = findFirst(node.children, 'cite');
      const cite = citeEl ? textOf(citeEl.children) : undefined;
      const withoutCite = node.children.filter((c) => c !== citeEl);
      const paragraphs = withoutCite.filter((c): c is Element => isElement(c) && c.name === 'p');
      const content =
        paragraphs.length > 0
          ? tidy(
              paragraphs.flatMap((p, i) => [
                ...(i > 0 ? [{ text: '\n' }] : []),
                ...spansOf(p.children),
              ]),
            )
          : spansOf(withoutCite);
      if (content.length > 0) out.push({ type: 'quote', content, ...(cite && { cite }) });
      return;
    }
    case 'ul':
    case 'ol': {
      const items = listItems(node);
      if (items.length > 0) out.push({ type: 'list', ordered: node.name === 'ol', items });
      return;
    }
    case 'figure': {
      const ownCaption = node.children.find(
        (c): c is Element => isElement(c) && c.name === 'figcaption',
      );
      const captionEl = ownCaption ?? findFirst(node.children, 'figcaption');
      const caption = captionEl ? spansOf(captionEl.children) : undefined;
      const table = findFirst(node.children, 'table');
      if (table) {
        const block = tableBlock(table, ownCaption ? spansOf(ownCaption.children) : undefined);
        if (block) out.push(block);
        return;
      }
      const img = findFirst(node.children, 'img');
      // A gallery (figures or images inside a figure): one gallery block.
      if (img && countImages(node.children) > 1) {
        const block = galleryBlock(
          node.children.filter((c) => c !== ownCaption),
          ownCaption ? spansOf(ownCaption.children) : undefined,
        );
        if (block) out.push(block);
        return;
      }
      if (img) {
        const block = imageBlock(img, caption);
        if (block) out.push(block);
        return;
      }
      const frame = findFirst(node.children, 'iframe');
      const video = frame?.attribs.src ? parseVideoUrl(frame.attribs.src) : undefined;
      if (video) {
        out.push({ type: 'embed', video, ...(caption && caption.length > 0 && { caption }) });
        return;
      }
      // A clip URL in a figure (WordPress's embed block): the caption belongs to the clip.
      const inner: ConvertedBlock[] = [];
      convertNodes(
        node.children.filter((c) => c !== captionEl),
        inner,
      );
      const only = inner.length === 1 ? inner[0] : undefined;
      if (only?.type === 'embed' && caption && caption.length > 0) out.push({ ...only, caption });
      else out.push(...inner);
      return;
    }
    case 'img': {
      const block = imageBlock(node);
      if (block) out.push(block);
      return;
    }
    case 'iframe':
    case 'video': {
      const src = node.attribs.src ?? findFirst(node.children, 'source')?.attribs.src;
      const video = src ? parseVideoUrl(src) : undefined;
      if (video) out.push({ type: 'embed', video });
      return;
    }
    case 'pre': {
      // Shown as typed: line breaks and indentation are the content.
      const text = preText(node.children).replace(/^\n/, '').replace(/\s+$/, '');
      if (text.trim() !== '') out.push({ type: 'code', text });
      return;
    }
    case 'table': {
      const block = tableBlock(node);
      if (block) out.push(block);
      return;
    }
    case 'hr':
      return;
    default:
      convertNodes(node.children, out);
  }
}

/**
 * True when inline markup wraps blocks, as Google Docs wraps a whole copied document in
 * <b id="docs-internal-guid-…" style="font-weight:normal">: the blocks inside are read as blocks.
 */
function holdsBlocks(nodes: readonly ChildNode[]): boolean {
  return nodes.some(
    (node) =>
      isElement(node) &&
      !DROP.has(node.name) &&
      (BLOCK_TAGS.has(node.name) || holdsBlocks(node.children)),
  );
}

function countImages(nodes: readonly ChildNode[]): number {
  let n = 0;
  for (const node of nodes) {
    if (!isElement(node)) continue;
    n += node.name === 'img' ? 1 : countImages(node.children);
  }
  return n;
}

/** The text of a <pre> as typed; a <br> inside it is a line break too. */
function preText(nodes: readonly ChildNode[]): string {
  return nodes
    .map((c) =>
      isText(c) ? c.data : isElement(c) ? (c.name === 'br' ? '\n' : preText(c.children)) : '',
    )
    .join('');
}

function elementsNamed(nodes: readonly ChildNode[], names: ReadonlySet<string>): Element[] {
  const found: Element[] = [];
  for (const node of nodes) {
    if (!isElement(node)) continue;
    if (names.has(node.name)) found.push(node);
    else if (node.name !== 'table') found.push(...elementsNamed(node.children, names));
  }
  return found;
}

const ROW = new Set(['tr']);
const CELL = new Set(['td', 'th']);

/** A table: its rows of cells; the first row is a header when all its cells are <th>. */
function tableBlock(table: Element, caption?: Span[]): Block | undefined {
  const rows = elementsNamed(table.children, ROW).map((tr) =>
    tr.children.filter((c): c is Element => isElement(c) && CELL.has(c.name)),
  );
  const kept = rows.filter((cells) => cells.length > 0);
  const first = kept[0];
  if (first === undefined) return undefined;
  const captionEl = table.children.find((c): c is Element => isElement(c) && c.name === 'caption');
  const tableCaption = caption ?? (captionEl ? spansOf(captionEl.children) : undefined);
  return {
    type: 'table',
    header: first.every((cell) => cell.name === 'th'),
    rows: kept.map((cells) => cells.map((cell) => spansOf(cell.children))),
    ...(tableCaption && tableCaption.length > 0 && { caption: tableCaption }),
  };
}

/** An image block's fields without its type, as a gallery holds them. */
function imageFields(
  block: Extract<Block, { type: 'image' }>,
): Extract<Block, { type: 'gallery' }>['images'][number] {
  return Object.fromEntries(Object.entries(block).filter(([key]) => key !== 'type')) as Extract<
    Block,
    { type: 'gallery' }
  >['images'][number];
}

/** A gallery: every image inside, each with its own caption (a figure's figcaption). */
function galleryBlock(nodes: readonly ChildNode[], caption?: Span[]): Block | undefined {
  const images: Extract<Block, { type: 'gallery' }>['images'] = [];
  const visit = (list: readonly ChildNode[]) => {
    for (const node of list) {
      if (!isElement(node)) continue;
      if (node.name === 'img' || (node.name === 'figure' && findFirst(node.children, 'img'))) {
        const img = node.name === 'img' ? node : findFirst(node.children, 'img');
        const captionEl =
          node.name === 'figure' ? findFirst(node.children, 'figcaption') : undefined;
        const block = img && imageBlock(img, captionEl ? spansOf(captionEl.children) : undefined);
        if (block?.type === 'image') images.push(imageFields(block));
      } else visit(node.children);
    }
  };
  visit(nodes);
  if (images.length === 0) return undefined;
  return { type: 'gallery', images, ...(caption && caption.length > 0 && { caption }) };
}

/**
 * Converts an HTML fragment to blocks.
 * @param html any HTML; malformed markup is read as a browser would
 * @returns the blocks, with clips as `embed` blocks for the caller to resolve
 */
export function htmlToBlocks(html: string): ConvertedBlock[] {
  const document = parseDocument(html, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
  });
  const out: ConvertedBlock[] = [];
  convertNodes(document.children, out);
  return out;
}
