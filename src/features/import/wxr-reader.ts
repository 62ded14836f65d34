import { Parser } from 'htmlparser2';
import { AppError } from '../../lib/errors.js';

/*
 * A streaming reader of WordPress eXtended RSS (WXR 1.0–1.2, what Tools → Export writes).
 * htmlparser2's Parser in xmlMode is a SAX parser that never expands DTD entities; on top of
 * that a DOCTYPE is refused outright, so entity bombs ("billion laughs") and external entities
 * cannot do anything. Memory stays bounded: only the current channel child (an item with its
 * comments, an author, a term) is held, and every text is capped.
 */

/** Refused input: the message names the problem and, where it can, the place. */
export class ImportRefused extends AppError {
  override readonly name = 'ImportRefused';
  constructor(message: string) {
    super('validation_failed', message);
  }
}

/** An element of the export with its text and child elements. */
export interface XNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XNode[];
}

export interface WxrLimits {
  /** Longest text of one element (a post's content), in characters. */
  maxFieldChars: number;
  /** Most characters in one channel child (an item with all its comments). */
  maxRecordChars: number;
}

export const DEFAULT_LIMITS: WxrLimits = {
  maxFieldChars: 4 * 1024 * 1024,
  maxRecordChars: 64 * 1024 * 1024,
};

const MB = 1024 * 1024;

function describe(record: XNode | undefined): string {
  if (record === undefined) return 'the export';
  const title = record.children.find((c) => c.name === 'title')?.text.trim();
  const id = record.children.find((c) => c.name === 'wp:post_id')?.text.trim();
  if (title) return `the ${record.name} "${title.slice(0, 80)}"`;
  return id ? `the ${record.name} with id ${id}` : `a <${record.name}>`;
}

/**
 * Reads a WXR file and yields every direct child of <channel> (title, wp:base_site_url,
 * wp:author, wp:category, wp:tag, item …) as it completes.
 * @param source the raw bytes, in chunks (a file read stream)
 * @param onBytes called after each chunk with the number of bytes read so far
 * @throws ImportRefused for anything that is not a well-formed UTF-8 WXR document
 */
export async function* readWxr(
  source: AsyncIterable<Buffer | string>,
  onBytes?: (bytesRead: number) => void,
  limits: WxrLimits = DEFAULT_LIMITS,
): AsyncGenerator<XNode> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const queue: XNode[] = [];
  const open: string[] = [];
  const building: XNode[] = [];
  let recordChars = 0;
  let sawRoot = false;
  let rootClosed = false;
  let wxrVersion: string | undefined;
  let failure: ImportRefused | undefined;

  const fail = (message: string) => {
    failure ??= new ImportRefused(message);
  };

  const parser = new Parser(
    {
      onprocessinginstruction(name, data) {
        const lower = name.toLowerCase();
        if (lower === '!doctype') {
          fail(
            'The file has a DOCTYPE (document type declaration). WordPress exports have none, and ' +
              'Deho refuses them: their entities can expand to gigabytes ("billion laughs") or read ' +
              'files from this server (external entities).',
          );
          return;
        }
        if (lower === '?xml') {
          const encoding = /encoding\s*=\s*["']([^"']+)["']/i.exec(data)?.[1];
          if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
            fail(
              `The file declares the encoding "${encoding}", but Deho reads only UTF-8, which is ` +
                'what WordPress writes. Convert it first (e.g. iconv -f ' +
                `${encoding} -t UTF-8) and change the declaration to encoding="UTF-8".`,
            );
          }
        }
      },
      onopentag(name, attrs) {
        if (failure) return;
        if (open.length === 0) {
          if (sawRoot || name !== 'rss') {
            fail(
              sawRoot
                ? `The file goes on after </rss> with <${name}>; it is not one XML document.`
                : `The file's root element is <${name}>, not <rss>: this is not a WordPress export (WXR).`,
            );
            return;
          }
          sawRoot = true;
        }
        open.push(name);
        const depth = open.length;
        if (depth === 2 && name !== 'channel') return;
        if (depth >= 3 && open[1] === 'channel') {
          const node: XNode = { name, attrs: { ...attrs }, text: '', children: [] };
          building[building.length - 1]?.children.push(node);
          building.push(node);
        }
      },
      ontext(data) {
        if (failure) return;
        const node = building[building.length - 1];
        if (node === undefined) {
          if (data.trim() !== '' && (open.length === 0 || rootClosed)) {
            fail('The file has text outside its root element; it is not well-formed XML.');
          }
          return;
        }
        node.text += data;
        recordChars += data.length;
        if (node.text.length > limits.maxFieldChars) {
          fail(
            `The <${node.name}> of ${describe(building[0])} is larger than ` +
              `${limits.maxFieldChars / MB} MB. Deho refuses a single text that large; shorten ` +
              'that post in WordPress (or remove it from the export) and import again.',
          );
        } else if (recordChars > limits.maxRecordChars) {
          fail(
            `${describe(building[0])} (with its comments) is larger than ` +
              `${limits.maxRecordChars / MB} MB; Deho refuses items that large.`,
          );
        }
      },
      onclosetag(name, isImplied) {
        if (failure) return;
        if (isImplied || open[open.length - 1] !== name) {
          fail(
            `The XML is not well-formed: <${name}> is not closed where it should be, in ` +
              `${describe(building[0])}.`,
          );
          return;
        }
        open.pop();
        if (open.length === 0) rootClosed = true;
        const node = building.pop();
        if (node === undefined) return;
        if (building.length === 0) {
          if (node.name === 'wp:wxr_version') wxrVersion = node.text.trim();
          if (node.name === 'item' && wxrVersion === undefined) {
            fail(
              'The file has no <wp:wxr_version> before its first item: it is not a WordPress export (WXR).',
            );
            return;
          }
          recordChars = 0;
          queue.push(node);
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );

  let bytes = 0;
  let first = true;
  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (first) {
      first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new ImportRefused(
          'The file is UTF-16; Deho reads UTF-8 WXR files, which is what WordPress writes. Convert it with iconv -f UTF-16 -t UTF-8.',
        );
      }
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new ImportRefused(
        `The file is not valid UTF-8 (a bad byte within bytes ${bytes}–${bytes + chunk.length}). ` +
          'Its encoding declaration does not match its bytes; convert it to UTF-8 with iconv.',
      );
    }
    bytes += chunk.length;
    parser.write(text);
    if (failure) throw failure;
    while (queue.length > 0) yield queue.shift() as XNode;
    onBytes?.(bytes);
  }
  try {
    parser.write(decoder.decode());
  } catch {
    throw new ImportRefused('The file is not valid UTF-8: it ends in the middle of a character.');
  }
  parser.end();
  if (failure) throw failure;
  if (!sawRoot)
    throw new ImportRefused(
      'The file is empty or holds no XML: it is not a WordPress export (WXR).',
    );
  if (!rootClosed) {
    throw new ImportRefused(
      `The XML ends before </${open[0] ?? 'rss'}> closes${building[0] ? `, inside ${describe(building[0])}` : ''}: the file is truncated or not well-formed.`,
    );
  }
  if (wxrVersion === undefined) {
    throw new ImportRefused(
      'The file has no <wp:wxr_version>: it is not a WordPress export (WXR).',
    );
  }
  while (queue.length > 0) yield queue.shift() as XNode;
}

/** The first child element named `name`. */
export function childOf(node: XNode, name: string): XNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** The text of the first child element named `name`, '' when there is none. */
export function textOf(node: XNode, name: string): string {
  return childOf(node, name)?.text ?? '';
}

/** Every child element named `name`. */
export function childrenOf(node: XNode, name: string): XNode[] {
  return node.children.filter((c) => c.name === name);
}
