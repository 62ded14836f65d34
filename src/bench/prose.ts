import {
  ADJECTIVES,
  HEADINGS,
  NETWORKS,
  NOUNS,
  PLACES,
  TEMPLATES,
  WEEKDAYS,
} from './vocabulary.js';

/*
 * Article bodies for the generated site, shaped like the newsroom's real stories (issue 24): a
 * feature image with a caption, a video, an air-time block, 4–8 mentions of people, the show and
 * a character, 200–900 words from a varied vocabulary, now and then a heading, a quote or a list.
 * Deterministic for a given random sequence, so that two runs build the same site.
 */

export interface Mentionable {
  id: number;
  name: string;
}

export interface StoryCast {
  people: readonly Mentionable[];
  show: Mentionable;
  character?: Mentionable;
  episodeId?: number;
  videoId?: number;
  image: { src: string; alt: string };
}

type Span = { text: string; mention?: { type: 'person' | 'show' | 'character'; id: number } };
type BodyBlock =
  | { type: 'paragraph'; content: Span[] }
  | { type: 'heading'; level: 2; content: Span[] }
  | { type: 'quote'; content: Span[] }
  | { type: 'list'; ordered: boolean; items: Span[][] }
  | { type: 'image'; src: string; alt: string; caption: Span[] }
  | { type: 'video'; videoId: number }
  | { type: 'airtime'; episodeId: number };

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

/** Fills a template; the people, show and character become mentions. */
function sentence(rnd: () => number, cast: StoryCast, mentions: { left: number }): Span[] {
  const template = pick(rnd, TEMPLATES);
  const spans: Span[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') spans.push({ text });
    text = '';
  };
  for (const part of template.split(/(\{[A-Z#]\})/)) {
    switch (part) {
      case '{P}':
      case '{S}':
      case '{C}': {
        const kind = part === '{P}' ? 'person' : part === '{S}' ? 'show' : 'character';
        const entity =
          kind === 'person'
            ? pick(rnd, cast.people)
            : kind === 'show'
              ? cast.show
              : (cast.character ?? cast.show);
        const type = kind === 'character' && cast.character === undefined ? 'show' : kind;
        if (mentions.left > 0) {
          flush();
          spans.push({ text: entity.name, mention: { type, id: entity.id } });
          mentions.left -= 1;
        } else {
          text += entity.name;
        }
        break;
      }
      case '{A}':
        text += pick(rnd, ADJECTIVES);
        break;
      case '{N}':
        text += pick(rnd, NOUNS);
        break;
      case '{L}':
        text += pick(rnd, PLACES);
        break;
      case '{T}':
        text += pick(rnd, NETWORKS);
        break;
      case '{D}':
        text += pick(rnd, WEEKDAYS);
        break;
      case '{#}':
        text += String(2 + Math.floor(rnd() * 17));
        break;
      default:
        text += part;
    }
  }
  flush();
  return spans;
}

function words(spans: readonly Span[]): number {
  return spans.reduce((n, s) => n + s.text.split(/\s+/).filter(Boolean).length, 0);
}

/** A story of 200–900 words about `cast`, with its media blocks. */
export function storyBody(rnd: () => number, cast: StoryCast): BodyBlock[] {
  const target = 200 + Math.floor(rnd() * 700);
  const mentions = { left: 4 + Math.floor(rnd() * 5) };
  const blocks: BodyBlock[] = [];
  let count = 0;
  const paragraph = (): Span[] => {
    const spans: Span[] = [];
    const sentences = 2 + Math.floor(rnd() * 4);
    for (let i = 0; i < sentences; i++) {
      if (i > 0) spans.push({ text: ' ' });
      spans.push(...sentence(rnd, cast, mentions));
    }
    count += words(spans);
    return spans;
  };
  blocks.push({ type: 'paragraph', content: paragraph() });
  blocks.push({
    type: 'image',
    src: cast.image.src,
    alt: cast.image.alt,
    caption: [{ text: `A still from ${cast.show.name}. Photo: ${pick(rnd, NETWORKS)}` }],
  });
  blocks.push({ type: 'paragraph', content: paragraph() });
  if (cast.videoId !== undefined) blocks.push({ type: 'video', videoId: cast.videoId });
  let since = 0;
  while (count < target) {
    since += 1;
    const roll = rnd();
    if (since > 3 && roll < 0.15) {
      blocks.push({ type: 'heading', level: 2, content: [{ text: pick(rnd, HEADINGS) }] });
      since = 0;
    } else if (roll < 0.2) {
      blocks.push({ type: 'quote', content: sentence(rnd, cast, mentions) });
    } else if (roll < 0.24) {
      blocks.push({
        type: 'list',
        ordered: false,
        items: Array.from({ length: 3 }, () => sentence(rnd, cast, mentions)),
      });
    } else {
      blocks.push({ type: 'paragraph', content: paragraph() });
    }
  }
  if (cast.episodeId !== undefined) blocks.push({ type: 'airtime', episodeId: cast.episodeId });
  blocks.push({ type: 'paragraph', content: paragraph() });
  return blocks;
}

/** A headline in the newsroom's usual shapes. */
export function headline(rnd: () => number, person: string, show: string): string {
  const shapes = [
    `${person} opens up about “${show}”`,
    `“${show}” hits a new ratings high as ${person}’s ${pick(rnd, NOUNS)} lands`,
    `${person} joins the cast of “${show}”`,
    `Review: “${show}” finds its footing in a ${pick(rnd, ADJECTIVES)} ${pick(rnd, NOUNS)}`,
    `“${show}” moves filming to ${pick(rnd, PLACES)}`,
    `${person} thanks fans as “${show}” nears its ${pick(rnd, NOUNS)}`,
    `Five things to know before the ${pick(rnd, NOUNS)} of “${show}”`,
  ];
  return pick(rnd, shapes);
}
