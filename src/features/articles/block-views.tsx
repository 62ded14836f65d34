import type { ComponentChildren } from 'preact';
import { AirTimeBlock, type EpisodeAirInfo } from '../dramas/index.js';
import { Picture, VideoFacade, type MediaImage, type VideoView } from '../media/index.js';
import {
  MARKS,
  safeLinkHref,
  spanLists,
  type Block,
  type EntityType,
  type Mark,
  type Span,
} from './blocks.js';

/** What rendering a body needs besides the blocks: everything loaded up front, in a few queries. */
export interface BodyContext {
  videos: ReadonlyMap<number, VideoView>;
  episodes: ReadonlyMap<number, EpisodeAirInfo>;
  /** Media library items that image blocks name by mediaId. */
  media: ReadonlyMap<number, MediaImage>;
  /** Site path of a mentioned entity, or undefined when it no longer exists. */
  mentionPath(type: EntityType, id: number): string | undefined;
  /** ISO instant the page is rendered at (air-time blocks switch to the past tense). */
  now: string;
  /** Cache tags of the entities mentioned ("person:3"), so that renaming one refreshes the page. */
  mentionTags: readonly string[];
}

/** Body images are at most the text column wide (site.css --measure, 42rem). */
const BODY_IMAGE_SIZES = '(min-width: 44rem) 42rem, 100vw';

/** Only links a reader can follow safely: web, mail, or a path on this site. */
export function safeHref(href: string): string | undefined {
  const trimmed = href.trim();
  if (/^https?:\/\/[^\s]+$/i.test(trimmed) || /^mailto:[^\s]+$/i.test(trimmed)) return trimmed;
  if (/^\/(?!\/)[^\s]*$/.test(trimmed)) return trimmed;
  return undefined;
}

/**
 * The mention spans that become links: the first mention of each entity in reading order (all of
 * its pieces, when marks split it into adjacent spans). Later mentions stay plain text, so a
 * name written ten times is one link, not ten.
 */
export function firstMentions(blocks: readonly Block[], ctx: BodyContext): ReadonlySet<Span> {
  const linked = new Set<Span>();
  const seen = new Set<string>();
  const visit = (spans: readonly Span[]) => {
    let open: string | undefined;
    for (const span of spans) {
      const key = span.mention ? `${span.mention.type}:${span.mention.id}` : undefined;
      if (key !== undefined && key === open) linked.add(span);
      else if (key !== undefined && span.mention && !seen.has(key)) {
        if (ctx.mentionPath(span.mention.type, span.mention.id) === undefined) {
          open = undefined;
          continue;
        }
        seen.add(key);
        linked.add(span);
        open = key;
      } else open = undefined;
    }
  };
  for (const spans of spanLists(blocks)) visit(spans);
  return linked;
}

/** Text with its line breaks (a WordPress <br>, a classic post's single newline) kept as <br>. */
function withLineBreaks(text: string): ComponentChildren {
  if (!text.includes('\n')) return text;
  return text.split('\n').flatMap((line, i) => (i === 0 ? [line] : [<br key={i} />, line]));
}

function markElement(mark: Mark, node: ComponentChildren): ComponentChildren {
  switch (mark) {
    case 'code':
      return <code>{node}</code>;
    case 'bold':
      return <strong>{node}</strong>;
    case 'italic':
      return <em>{node}</em>;
    case 'sup':
      return <sup>{node}</sup>;
    case 'sub':
      return <sub>{node}</sub>;
    case 'strike':
      return <s>{node}</s>;
    case 'underline':
      return <u>{node}</u>;
  }
}

function SpanView({
  span,
  ctx,
  linked,
}: {
  span: Span;
  ctx: BodyContext;
  linked: ReadonlySet<Span> | undefined;
}) {
  let node: ComponentChildren = withLineBreaks(span.text);
  const marks = span.marks ?? [];
  for (const mark of MARKS) if (marks.includes(mark)) node = markElement(mark, node);
  const mentioned =
    span.mention && (linked === undefined || linked.has(span))
      ? ctx.mentionPath(span.mention.type, span.mention.id)
      : undefined;
  if (mentioned !== undefined) {
    return (
      <a class="mention" href={mentioned}>
        {node}
      </a>
    );
  }
  const href = span.href === undefined ? undefined : safeLinkHref(span.href);
  if (href !== undefined) {
    const external = /^(https?:)?\/\//i.test(href);
    return (
      <a href={href} rel={external ? 'noopener' : undefined}>
        {node}
      </a>
    );
  }
  return <>{node}</>;
}

/** Spans of text; with `linked`, only those mention spans are links (see firstMentions). */
export function Spans({
  spans,
  ctx,
  linked,
}: {
  spans: readonly Span[];
  ctx: BodyContext;
  linked?: ReadonlySet<Span>;
}) {
  return (
    <>
      {spans.map((span, i) => (
        <SpanView key={i} span={span} ctx={ctx} linked={linked} />
      ))}
    </>
  );
}

type ImageFields =
  Extract<Block, { type: 'image' }> | Extract<Block, { type: 'gallery' }>['images'][number];

/** An image block, or one picture of a gallery. */
function ImageFigure({
  image,
  ctx,
  linked,
}: {
  image: ImageFields;
  ctx: BodyContext;
  linked: ReadonlySet<Span>;
}) {
  const item = image.mediaId === undefined ? undefined : ctx.media.get(image.mediaId);
  // A library item that was deleted shows nothing rather than a broken image.
  if (image.mediaId !== undefined && item === undefined) return null;
  const src = safeHref(image.src);
  if (item === undefined && src === undefined) return null;
  // A gallery picture has no credit of its own; the photo credit is an image block's.
  const credit = 'credit' in image ? (image.credit ?? '') : '';
  return (
    <figure class="figure">
      {item !== undefined ? (
        <Picture image={item} alt={image.alt} sizes={BODY_IMAGE_SIZES} />
      ) : (
        <img
          src={src}
          alt={image.alt}
          width={image.width}
          height={image.height}
          loading="lazy"
          decoding="async"
        />
      )}
      {(image.caption !== undefined || credit !== '') && (
        <figcaption>
          {image.caption && <Spans spans={image.caption} ctx={ctx} linked={linked} />}
          {credit !== '' && <span class="figure__credit">{credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}

function BlockView({
  block,
  ctx,
  linked,
}: {
  block: Block;
  ctx: BodyContext;
  linked: ReadonlySet<Span>;
}) {
  switch (block.type) {
    case 'paragraph':
      return (
        <p>
          <Spans spans={block.content} ctx={ctx} linked={linked} />
        </p>
      );
    case 'heading': {
      const Tag = `h${block.level}` as const;
      return (
        <Tag>
          <Spans spans={block.content} ctx={ctx} linked={linked} />
        </Tag>
      );
    }
    case 'quote':
      return (
        <blockquote>
          <p>
            <Spans spans={block.content} ctx={ctx} linked={linked} />
          </p>
          {block.cite && <cite>{block.cite}</cite>}
        </blockquote>
      );
    case 'list': {
      const items = block.items.map((item, i) => (
        <li key={i}>
          <Spans spans={item} ctx={ctx} linked={linked} />
        </li>
      ));
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'image':
      return <ImageFigure image={block} ctx={ctx} linked={linked} />;
    case 'code':
      return (
        <pre>
          <code>{block.text}</code>
        </pre>
      );
    case 'table': {
      const [head, ...rest] = block.header ? block.rows : [undefined, ...block.rows];
      const cells = (row: Span[][], Cell: 'td' | 'th') =>
        row.map((cell, j) => (
          <Cell key={j}>
            <Spans spans={cell} ctx={ctx} linked={linked} />
          </Cell>
        ));
      return (
        <div class="table-scroll">
          <table>
            {block.caption && (
              <caption>
                <Spans spans={block.caption} ctx={ctx} linked={linked} />
              </caption>
            )}
            {head && (
              <thead>
                <tr>{cells(head, 'th')}</tr>
              </thead>
            )}
            <tbody>
              {rest.map((row, i) => (
                <tr key={i}>{cells(row ?? [], 'td')}</tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    case 'gallery':
      return (
        <figure class="gallery">
          <div class="gallery__images">
            {block.images.map((image, i) => (
              <ImageFigure key={i} image={image} ctx={ctx} linked={linked} />
            ))}
          </div>
          {block.caption && (
            <figcaption>
              <Spans spans={block.caption} ctx={ctx} linked={linked} />
            </figcaption>
          )}
        </figure>
      );
    case 'video': {
      const video = ctx.videos.get(block.videoId);
      return video ? <VideoFacade video={video} /> : null;
    }
    case 'airtime': {
      const episode = ctx.episodes.get(block.episodeId);
      return episode ? <AirTimeBlock episode={episode} now={ctx.now} /> : null;
    }
  }
}

/** An article or page body. */
export function Body({ blocks, ctx }: { blocks: readonly Block[]; ctx: BodyContext }) {
  const linked = firstMentions(blocks, ctx);
  return (
    <div class="prose">
      {blocks.map((block, i) => (
        <BlockView key={i} block={block} ctx={ctx} linked={linked} />
      ))}
    </div>
  );
}
