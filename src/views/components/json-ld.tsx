/** A JSON-LD object (schema.org vocabulary); values are plain JSON. */
export type JsonLdValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonLdValue[]
  | { readonly [key: string]: JsonLdValue | undefined };

export type JsonLdObject = { readonly [key: string]: JsonLdValue | undefined };

/**
 * JSON for a <script type="application/ld+json"> data block that no text can break out of:
 * `<` (so no `</script>` or `<!--`), `>` and `&` become \u escapes, as do U+2028 and U+2029.
 * The result is still JSON that parses back to the same value.
 */
export function jsonLdText(data: JsonLdObject | readonly JsonLdObject[]): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Structured data for search engines. A data block is never executed, so the page's CSP
 * (script-src 'self') does not apply; the escaping above keeps it a data block.
 */
export function JsonLd({ data }: { data: JsonLdObject | readonly JsonLdObject[] }) {
  return (
    <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(data) }} />
  );
}
