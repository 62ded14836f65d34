import { Schema, type DOMOutputSpec, type Node as PMNode } from 'prosemirror-model';

/*
 * The editor's document schema: one node or mark per kind of Deho block and span, so that a body
 * goes into the editor and comes back unchanged (convert.ts, and its property test).
 *
 * - paragraph, heading (level 2–4), quote (cite as an attribute) hold text directly;
 * - a list is bullet_list or ordered_list of list_item, each exactly one paragraph (Deho's list
 *   items are one run of spans; no nesting);
 * - image and video are figures whose only child is their caption, so the caption is edited in
 *   place with the same marks; alt text and credit are attributes, edited in the node view;
 * - airtime is a leaf that names an episode;
 * - a hard line break is the "\n" of a span's text.
 *
 * Marks: mention and link (attributes), bold, italic, code. Their order here is the order the
 * DOM nests them in; convert.ts writes a span's marks as bold, italic, code.
 *
 * toDOM/parseDOM serve the editor's own copy and paste (a slice keeps every attribute); a figure
 * wraps its caption in a div because a caption node renders its own <figcaption>. HTML from
 * elsewhere goes through the server's converter (paste.ts).
 */

const num = (value: string | null): number | null => {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : null;
};

export const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      group: 'block',
      content: 'inline*',
      parseDOM: [{ tag: 'p' }],
      toDOM: () => ['p', 0],
    },
    heading: {
      group: 'block',
      content: 'inline*',
      attrs: { level: { default: 2 } },
      defining: true,
      parseDOM: [
        { tag: 'h2', attrs: { level: 2 } },
        { tag: 'h3', attrs: { level: 3 } },
        { tag: 'h4', attrs: { level: 4 } },
      ],
      toDOM: (node) => [`h${String(node.attrs.level)}`, 0],
    },
    quote: {
      group: 'block',
      content: 'inline*',
      attrs: { cite: { default: '' } },
      defining: true,
      parseDOM: [
        {
          tag: 'blockquote',
          getAttrs: (dom) => ({ cite: dom.getAttribute('data-cite') ?? '' }),
          contentElement: (dom) => dom.querySelector('p') ?? dom,
        },
      ],
      toDOM: (node) => ['blockquote', { 'data-cite': node.attrs.cite as string }, ['p', 0]],
    },
    bullet_list: {
      group: 'block',
      content: 'list_item+',
      parseDOM: [{ tag: 'ul' }],
      toDOM: () => ['ul', 0],
    },
    ordered_list: {
      group: 'block',
      content: 'list_item+',
      parseDOM: [{ tag: 'ol' }],
      toDOM: () => ['ol', 0],
    },
    list_item: {
      content: 'paragraph',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: () => ['li', 0],
    },
    image: {
      group: 'block',
      content: 'caption',
      isolating: true,
      draggable: true,
      attrs: {
        src: { default: '' },
        alt: { default: '' },
        credit: { default: '' },
        mediaId: { default: null },
        width: { default: null },
        height: { default: null },
      },
      parseDOM: [
        {
          tag: 'figure[data-image]',
          getAttrs: (dom) => {
            const img = dom.querySelector('img');
            return {
              src: img?.getAttribute('src') ?? '',
              alt: img?.getAttribute('alt') ?? '',
              credit: dom.getAttribute('data-credit') ?? '',
              mediaId: num(dom.getAttribute('data-media-id')),
              width: num(img?.getAttribute('width') ?? null),
              height: num(img?.getAttribute('height') ?? null),
            };
          },
          contentElement: 'div.figure__caption',
        },
      ],
      toDOM: (node) => imageDom(node),
    },
    video: {
      group: 'block',
      content: 'caption',
      isolating: true,
      draggable: true,
      attrs: { videoId: { default: 0 } },
      parseDOM: [
        {
          tag: 'figure[data-video-id]',
          getAttrs: (dom) => ({ videoId: num(dom.getAttribute('data-video-id')) ?? 0 }),
          contentElement: 'div.figure__caption',
        },
      ],
      toDOM: (node) => [
        'figure',
        { class: 'figure', 'data-video-id': String(node.attrs.videoId) },
        ['div', { class: 'figure__caption' }, 0],
      ],
    },
    caption: {
      content: 'inline*',
      parseDOM: [{ tag: 'figcaption' }],
      toDOM: () => ['figcaption', 0],
    },
    airtime: {
      group: 'block',
      atom: true,
      draggable: true,
      attrs: { episodeId: { default: 0 } },
      parseDOM: [
        {
          tag: 'div[data-episode-id]',
          getAttrs: (dom) => ({ episodeId: num(dom.getAttribute('data-episode-id')) ?? 0 }),
        },
      ],
      toDOM: (node) => ['div', { 'data-episode-id': String(node.attrs.episodeId) }],
    },
    code_block: {
      group: 'block',
      content: 'text*',
      marks: '',
      code: true,
      defining: true,
      parseDOM: [{ tag: 'pre', preserveWhitespace: 'full' }],
      toDOM: () => ['pre', ['code', 0]],
    },
    // Tables and galleries (from the WordPress import) are kept whole until the editor edits
    // them: the block's JSON rides along as an attribute, so saving never drops them.
    kept_block: {
      group: 'block',
      atom: true,
      draggable: true,
      attrs: { block: { default: '' } },
      parseDOM: [
        {
          tag: 'div[data-kept-block]',
          getAttrs: (dom) => ({ block: dom.getAttribute('data-kept-block') }),
        },
      ],
      toDOM: (node) => [
        'div',
        { class: 'editor-kept', 'data-kept-block': node.attrs.block as string },
        keptLabel(node.attrs.block as string),
      ],
    },
    text: { group: 'inline' },
    hard_break: {
      group: 'inline',
      inline: true,
      selectable: false,
      leafText: () => '\n',
      parseDOM: [{ tag: 'br' }],
      toDOM: () => ['br'],
    },
  },
  marks: {
    mention: {
      attrs: { type: {}, id: {} },
      inclusive: false,
      parseDOM: [
        {
          tag: 'a[data-mention-type]',
          getAttrs: (dom) => ({
            type: dom.getAttribute('data-mention-type'),
            id: num(dom.getAttribute('data-mention-id')),
          }),
        },
      ],
      toDOM: (mark) => [
        'a',
        {
          class: 'mention',
          'data-mention-type': mark.attrs.type as string,
          'data-mention-id': String(mark.attrs.id),
        },
        0,
      ],
    },
    link: {
      attrs: { href: {} },
      inclusive: false,
      parseDOM: [{ tag: 'a[href]', getAttrs: (dom) => ({ href: dom.getAttribute('href') }) }],
      toDOM: (mark) => ['a', { href: mark.attrs.href as string, rel: 'noopener' }, 0],
    },
    bold: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: () => ['strong', 0] },
    italic: { parseDOM: [{ tag: 'em' }, { tag: 'i' }], toDOM: () => ['em', 0] },
    code: { parseDOM: [{ tag: 'code' }], toDOM: () => ['code', 0] },
    sup: { parseDOM: [{ tag: 'sup' }], toDOM: () => ['sup', 0] },
    sub: { parseDOM: [{ tag: 'sub' }], toDOM: () => ['sub', 0] },
    strike: { parseDOM: [{ tag: 's' }, { tag: 'del' }], toDOM: () => ['s', 0] },
    underline: { parseDOM: [{ tag: 'u' }], toDOM: () => ['u', 0] },
  },
});

function imageDom(node: PMNode): DOMOutputSpec {
  const attrs = node.attrs as {
    src: string;
    alt: string;
    credit: string;
    mediaId: number | null;
    width: number | null;
    height: number | null;
  };
  return [
    'figure',
    {
      class: 'figure',
      'data-image': '',
      'data-credit': attrs.credit,
      ...(attrs.mediaId !== null && { 'data-media-id': String(attrs.mediaId) }),
    },
    [
      'img',
      {
        src: attrs.src,
        alt: attrs.alt,
        ...(attrs.width !== null && { width: String(attrs.width) }),
        ...(attrs.height !== null && { height: String(attrs.height) }),
      },
    ],
    ['div', { class: 'figure__caption' }, 0],
  ];
}

/** What a kept block says in the editor: its kind, and that it is kept as imported. */
function keptLabel(json: string): string {
  const kind = (JSON.parse(json || '{}') as { type?: string }).type;
  return kind === 'table'
    ? 'Table (kept as imported; not editable here yet)'
    : 'Gallery (kept as imported; not editable here yet)';
}
