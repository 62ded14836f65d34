/* Types of scripts/wxr-generate.mjs, for the tests that import a generated export. */
export function generateWxr(
  file: string,
  options?: { posts?: number; comments?: number; paragraphs?: number; seed?: number },
): { items: number; bytes: number };
