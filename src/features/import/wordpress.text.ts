import { parseDocument } from 'htmlparser2';
import { isTag, isText, type ChildNode } from 'domhandler';

/*
 * Plain text from WordPress's HTML-ish fields (comments, excerpts): tags go, entities are
 * decoded, paragraphs and line breaks stay as blank lines and newlines.
 */

const BREAKS_AFTER = new Set([
  'p',
  'div',
  'blockquote',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
]);

function walk(nodes: readonly ChildNode[], out: string[]): void {
  for (const node of nodes) {
    if (isText(node)) out.push(node.data);
    else if (isTag(node)) {
      if (node.name === 'script' || node.name === 'style') continue;
      if (node.name === 'br') {
        out.push('\n');
        continue;
      }
      walk(node.children, out);
      if (BREAKS_AFTER.has(node.name)) out.push('\n\n');
    }
  }
}

/** The text a reader sees in a WordPress comment or excerpt. */
export function htmlToPlainText(html: string): string {
  const doc = parseDocument(html.replace(/\r\n?/g, '\n'), {
    decodeEntities: true,
    lowerCaseTags: true,
  });
  const out: string[] = [];
  walk(doc.children, out);
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .normalize('NFC');
}
