/*
 * WordPress post_content → HTML that the article converter (htmlToBlocks) understands.
 * WordPress stores content half-done: classic posts have no <p> (wpautop adds them when the page
 * is shown), and shortcodes ([caption], [embed], [video] …) are expanded only at display time.
 * Gutenberg posts carry their own markup between <!-- wp:… --> comments, which the converter
 * ignores, and are not run through wpautop.
 */

export interface PreparedContent {
  html: string;
  /** Things that could not be carried over, for the import report. */
  dropped: string[];
}

const BLOCKS =
  'table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|script|noscript';

const URL_ONLY = /^https?:\/\/[^\s<>"'[\]]+$/;

function escapeAttr(value: string): string {
  return value
    .replace(/&(?!(?:[a-z]+|#\d+|#x[0-9a-f]+);)/gi, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;');
}

/** The attributes of a shortcode: name="value", name='value', name=value, and bare values. */
export function shortcodeAttrs(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re =
    /([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)/g;
  let positional = 0;
  for (const m of raw.replace(/[\u00a0\u200b]/g, ' ').matchAll(re)) {
    const name = m[1] ?? m[3] ?? m[5];
    const value = m[2] ?? m[4] ?? m[6];
    if (name !== undefined && value !== undefined) attrs[name.toLowerCase()] = value;
    else attrs[String(positional++)] = m[7] ?? m[8] ?? m[9] ?? '';
  }
  return attrs;
}

function linkParagraph(url: string): string {
  const clean = url.trim().replace(/&amp;/g, '&');
  if (!URL_ONLY.test(clean)) return '';
  const safe = escapeAttr(clean);
  return `\n\n<p><a href="${safe}">${safe}</a></p>\n\n`;
}

function caption(attrs: Record<string, string>, inner: string): string {
  const image = /(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*<\/a>)?/i.exec(inner);
  if (image === null) return inner;
  const text = (attrs.caption ?? inner.replace(image[0], '')).trim();
  return `\n\n<figure>${image[0]}${text !== '' ? `<figcaption>${text}</figcaption>` : ''}</figure>\n\n`;
}

const MEDIA_ATTRS = ['src', 'mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv', 'mp3', 'ogg', 'wav', 'm4a'];
const SHORTCODE =
  /(\[?)\[(caption|wp_caption|embed|video|audio|youtube|vimeo|gallery|playlist)\b([^\]]*?)\/?\](?:([\s\S]*?)\[\/\2\])?(\]?)/gi;

/** The src a gallery image has until the import knows the attachment's file. */
export const ATTACHMENT_SRC = 'wp-attachment:';

/** [gallery ids="50,51"] → a figure of images, one per attachment id, resolved by the import. */
function galleryFigure(attrs: Record<string, string>): string {
  const ids = (attrs.ids ?? attrs.include ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => /^\d+$/.test(id));
  if (ids.length === 0) return '';
  const images = ids.map((id) => `<img src="${ATTACHMENT_SRC}${id}" alt="">`).join('');
  return `\n\n<figure>${images}</figure>\n\n`;
}

/*
 * A shortcode of a plugin (contact forms, sliders, ads): its name has a hyphen or underscore,
 * or it has attributes, or a closing tag. WordPress showed the plugin's output there; without
 * the plugin readers would see the raw brackets, so it is left out and reported. Bracketed
 * words such as [sic] or [1] are text and stay.
 */
const PLUGIN_SHORTCODE =
  /\[([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+|[a-z][a-z0-9]*(?=\s+[\w-]+=))((?:\s[^\]]*)?)\/?\](?:[\s\S]*?\[\/\1\])?/gi;

/** Leaves out the shortcodes of plugins Deho does not have, naming each in `dropped`. */
export function dropPluginShortcodes(content: string, dropped: string[]): string {
  return content.replace(PLUGIN_SHORTCODE, (_whole, name: string) => {
    dropped.push(`a [${name.toLowerCase()}] shortcode`);
    return '';
  });
}

/** Expands the shortcodes WordPress core (and Jetpack's video ones) would expand. */
export function expandShortcodes(content: string, dropped: string[]): string {
  return content.replace(
    SHORTCODE,
    (
      whole,
      open: string,
      rawName: string,
      rawAttrs: string,
      inner: string | undefined,
      close: string,
    ) => {
      if (open === '[' && close === ']') return whole.slice(1, -1); // [[caption]] is escaped
      const name = rawName.toLowerCase();
      const attrs = shortcodeAttrs(rawAttrs);
      const body = inner ?? '';
      let out: string;
      switch (name) {
        case 'caption':
        case 'wp_caption':
          out = caption(attrs, body);
          break;
        case 'embed':
          out = linkParagraph(body);
          break;
        case 'youtube':
        case 'vimeo': {
          const url = (attrs['0'] ?? body).replace(/^=/, '');
          out = linkParagraph(
            /^https?:/.test(url)
              ? url
              : name === 'youtube'
                ? `https://www.youtube.com/watch?v=${url}`
                : `https://vimeo.com/${url}`,
          );
          break;
        }
        case 'video':
        case 'audio': {
          const url =
            MEDIA_ATTRS.map((k) => attrs[k]).find((v) => v !== undefined && v !== '') ?? body;
          out = linkParagraph(url);
          if (out === '') dropped.push(`a [${name}] shortcode without a file URL`);
          break;
        }
        case 'gallery':
          out = galleryFigure(attrs);
          if (out === '') dropped.push('a [gallery] shortcode without ids');
          break;
        default:
          dropped.push(`a [${name}] shortcode (its playlist is not placed in the text)`);
          out = '';
      }
      return `${open}${out}${close}`;
    },
  );
}

/**
 * WordPress's wpautop, in its essentials: blank lines separate paragraphs, single newlines are
 * line breaks, and block-level tags are left alone.
 */
export function autop(content: string): string {
  if (content.trim() === '') return '';
  const pres: string[] = [];
  let text = content.replace(
    /<pre\b[\s\S]*?<\/pre>/gi,
    (m) => `<pre wp-pre-tag-${pres.push(m) - 1}></pre>`,
  );
  text = `${text}\n`
    .replace(/<br\s*\/?>\s*<br\s*\/?>/gi, '\n\n')
    .replace(new RegExp(`(<(?:${BLOCKS})[\\s/>])`, 'gi'), '\n\n$1')
    .replace(new RegExp(`(</(?:${BLOCKS})>)`, 'gi'), '$1\n\n')
    .replace(/<hr\s*?\/?>/gi, '<hr />\n\n')
    .replace(/\r\n?/g, '\n')
    .replace(/\n\n+/g, '\n\n');
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  text = paragraphs.map((p) => `<p>${p.replace(/^\n*|\n*$/g, '')}</p>\n`).join('');
  const block = `</?(?:${BLOCKS})[^>]*>`;
  text = text
    .replace(/<p>\s*<\/p>/g, '')
    .replace(/<p>([^<]+)<\/(div|address|form)>/g, '<p>$1</p></$2>')
    .replace(new RegExp(`<p>\\s*(${block})\\s*</p>`, 'gi'), '$1')
    .replace(/<p>(<li.+?)<\/p>/g, '$1')
    .replace(/<p><blockquote([^>]*)>/gi, '<blockquote$1><p>')
    .replace(/<\/blockquote><\/p>/gi, '</p></blockquote>')
    .replace(new RegExp(`<p>\\s*(${block})`, 'gi'), '$1')
    .replace(new RegExp(`(${block})\\s*</p>`, 'gi'), '$1')
    .replace(/(?<!<br \/>)\s*\n/g, '<br />\n')
    .replace(new RegExp(`(</?(?:${BLOCKS})[^>]*>)\\s*<br />`, 'gi'), '$1')
    .replace(/<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/gi, '$1')
    .replace(/\n<\/p>$/g, '</p>');
  return text.replace(/<pre wp-pre-tag-(\d+)><\/pre>/g, (_m, i: string) => pres[Number(i)] ?? '');
}

/** True for block-editor content: it has its own markup and skips wpautop. */
export function isGutenberg(content: string): boolean {
  return /<!--\s*wp:/.test(content);
}

/**
 * Turns a post's content into HTML for htmlToBlocks.
 * @param content the post_content (content:encoded) as exported
 */
export function wordpressToHtml(content: string): PreparedContent {
  const dropped: string[] = [];
  let html = content
    .replace(/\r\n?/g, '\n')
    .replace(/<!--\s*more\b[^>]*-->|<!--\s*nextpage\s*-->/g, '');
  html = dropPluginShortcodes(expandShortcodes(html, dropped), dropped);
  if (!isGutenberg(content)) html = autop(html);
  return { html, dropped };
}
