import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/*
 * The feature boundary of eslint.config.js, through ESLint's own API on small snippets placed at
 * paths in the tree: another feature is reached only through its index.ts.
 */

const root = path.resolve(import.meta.dirname, '../..');
// The project's config with type-aware linting off: the probes are not files on disk, and the
// boundary rule needs only the syntax.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: path.join(root, 'eslint.config.js'),
  overrideConfig: tseslint.configs.disableTypeChecked,
});

/** The boundary messages ESLint gives `code` placed at `file` (relative to the repository). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(root, file) });
  const messages = result?.messages ?? [];
  expect(messages.filter((message) => message.fatal === true)).toEqual([]);
  return messages
    .filter((message) => message.ruleId === 'deho/feature-boundaries')
    .map((message) => message.message);
}

describe('feature boundaries', () => {
  it("fails a feature's deep import of another feature, in every import form", async () => {
    const file = 'src/features/articles/probe.ts';
    expect(
      await boundaryErrors(file, "export { parseVideoUrl } from '../media/video-url.js';"),
    ).toEqual([
      "Import the 'media' feature only through its index.ts (export what you need there), not '../media/video-url.js'.",
    ]);
    for (const code of [
      "import type { VideoProvider } from '../media/media.table.js';\nexport type P = VideoProvider;",
      "export * from '../media/picture.js';",
      "export const load = () => import('../media/video.js');",
      "export { Picture } from '../../features/media/picture.js';",
    ]) {
      expect(await boundaryErrors(file, code), code).toHaveLength(1);
    }
  });

  it('passes an import through the index, and any import inside the own feature', async () => {
    const file = 'src/features/articles/probe.ts';
    expect(
      await boundaryErrors(file, "export { parseVideoUrl } from '../media/index.js';"),
    ).toEqual([]);
    expect(await boundaryErrors(file, "export { bodyText } from './blocks.js';")).toEqual([]);
    expect(
      await boundaryErrors(
        'src/features/articles/nested/probe.ts',
        "export * from '../blocks.js';",
      ),
    ).toEqual([]);
  });

  it('resolves each specifier from the importing file, at any depth', async () => {
    // Inside media, '../media/…' is media's own; one folder down, '../../media/…' is too, and
    // '../../articles/…' is a deep import.
    expect(
      await boundaryErrors('src/features/media/probe.ts', "export * from '../media/video-url.js';"),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'src/features/media/nested/probe.ts',
        "export * from '../../articles/blocks.js';\nexport * from '../video-url.js';",
      ),
    ).toHaveLength(1);
  });

  it("holds for a feature's tests and for src/ outside the features", async () => {
    expect(
      await boundaryErrors(
        'src/features/import/probe.test.ts',
        "export { htmlToBlocks } from '../articles/html-to-blocks.js';\nexport * from './reserved.js';",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('src/probe.ts', "export * from './features/auth/user.cli.js';"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('src/probe.ts', "export * from './features/auth/index.js';"),
    ).toEqual([]);
  });

  it('lets the whole-app tests under test/ use internals, and db/database.ts the table types', async () => {
    expect(
      await boundaryErrors(
        'test/integration/probe.test.ts',
        "export * from '../../src/features/auth/totp.js';",
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'src/db/database.ts',
        "export * from '../features/media/media.table.js';",
      ),
    ).toEqual([]);
  });
});
