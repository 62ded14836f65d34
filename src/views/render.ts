import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Renders a full page component to an HTML document string. Text is escaped by Preact. */
export function renderDocument(page: VNode): string {
  return '<!doctype html>' + renderToString(page);
}
