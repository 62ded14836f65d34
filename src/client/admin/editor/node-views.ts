import type { Node as PMNode } from 'prosemirror-model';
import type { EditorView, NodeView, ViewMutationRecord } from 'prosemirror-view';

/*
 * How figures, quotes and air times look in the editor: as on the page, with the few fields
 * that are not text (alt text, photo credit, who said a quote) as inputs beside them. An input
 * writes its attribute with a transaction on the current state, at the node's current position.
 */

let counter = 0;

type GetPos = () => number | undefined;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props))
    if (value !== undefined) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/** A labelled input bound to one attribute of the node. */
function attrInput(
  view: EditorView,
  getPos: GetPos,
  node: () => PMNode,
  attr: string,
  label: string,
): { field: HTMLElement; input: HTMLInputElement } {
  const id = `node-field-${++counter}`;
  const input = el('input', { id, type: 'text', 'data-attr': attr });
  input.value = String(node().attrs[attr] ?? '');
  input.addEventListener('input', () => {
    const pos = getPos();
    if (pos === undefined) return;
    view.dispatch(view.state.tr.setNodeAttribute(pos, attr, input.value));
  });
  const field = el('div', { class: 'node-field' }, el('label', { for: id }, label), input);
  return { field, input };
}

/** A node view with fields outside the editable text: the editor leaves their events alone. */
abstract class FieldsView implements NodeView {
  dom: HTMLElement;
  contentDOM?: HTMLElement;
  protected fields: HTMLElement;
  protected inputs: HTMLInputElement[] = [];
  protected node: PMNode;

  constructor(node: PMNode, dom: HTMLElement, contentDOM: HTMLElement | undefined) {
    this.node = node;
    this.dom = dom;
    this.contentDOM = contentDOM;
    this.fields = el('div', { class: 'node-fields', contenteditable: 'false' });
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    for (const input of this.inputs) {
      const value = String(node.attrs[input.dataset.attr ?? ''] ?? '');
      if (input.value !== value && document.activeElement !== input) input.value = value;
    }
    this.refresh();
    return true;
  }

  protected refresh(): void {}

  stopEvent(event: Event): boolean {
    return event.target instanceof Node && this.fields.contains(event.target);
  }

  ignoreMutation(mutation: ViewMutationRecord): boolean {
    if (mutation.type === 'selection') return false;
    return this.contentDOM === undefined || !this.contentDOM.contains(mutation.target);
  }
}

class ImageView extends FieldsView {
  private img: HTMLImageElement;

  constructor(node: PMNode, view: EditorView, getPos: GetPos) {
    const img = el('img', { alt: '' });
    const caption = el('div', { class: 'figure__caption' });
    super(node, el('figure', { class: 'figure editor-figure' }, img), caption);
    this.img = img;
    const current = () => this.node;
    const alt = attrInput(view, getPos, current, 'alt', 'Alternative text');
    const credit = attrInput(view, getPos, current, 'credit', 'Photo credit');
    this.inputs = [alt.input, credit.input];
    this.fields.append(alt.field, credit.field);
    this.dom.append(caption, this.fields);
    this.refresh();
  }

  protected override refresh(): void {
    const { src, alt } = this.node.attrs as { src: string; alt: string };
    if (this.img.getAttribute('src') !== src) this.img.src = src;
    this.img.alt = alt;
  }
}

class VideoView extends FieldsView {
  constructor(node: PMNode) {
    const caption = el('div', { class: 'figure__caption' });
    const label = el('p', { class: 'editor-embed' }, `▶ Video ${String(node.attrs.videoId)}`);
    super(
      node,
      el(
        'figure',
        { class: 'figure editor-figure', 'data-video-id': String(node.attrs.videoId) },
        label,
        caption,
      ),
      caption,
    );
  }
}

class QuoteView extends FieldsView {
  constructor(node: PMNode, view: EditorView, getPos: GetPos) {
    const text = el('p');
    super(node, el('blockquote', {}, text), text);
    const cite = attrInput(view, getPos, () => this.node, 'cite', 'Who said it');
    this.inputs = [cite.input];
    this.fields.append(cite.field);
    this.dom.append(this.fields);
  }
}

interface EpisodeInfo {
  number: number;
  air_instant: string;
  show?: { title: string };
}

class AirTimeView implements NodeView {
  dom: HTMLElement;

  constructor(node: PMNode, describe: (id: number) => Promise<EpisodeInfo | undefined>) {
    const id = node.attrs.episodeId as number;
    const text = el('span', {}, `Air time of episode ${id}`);
    this.dom = el('div', { class: 'editor-airtime', 'data-episode-id': String(id) }, text);
    void describe(id).then((ep) => {
      if (ep === undefined) return;
      text.textContent = `Air time: ${ep.show?.title ?? 'show'}, episode ${ep.number} (${new Date(ep.air_instant).toLocaleString()})`;
    });
  }

  stopEvent(): boolean {
    return false;
  }
}

/** The node views of the editor. */
export function nodeViews(describeEpisode: (id: number) => Promise<EpisodeInfo | undefined>) {
  return {
    image: (node: PMNode, view: EditorView, getPos: GetPos) => new ImageView(node, view, getPos),
    video: (node: PMNode) => new VideoView(node),
    quote: (node: PMNode, view: EditorView, getPos: GetPos) => new QuoteView(node, view, getPos),
    airtime: (node: PMNode) => new AirTimeView(node, describeEpisode),
  };
}
