import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkImportCycles } from '../../scripts/import-cycles.mjs';

/*
 * The cycle check of `npm run lint` (scripts/import-cycles.mjs), on small trees written to a
 * temporary folder, and on src/ against its allowed list.
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const roots: string[] = [];

/** Writes `files` (path under src/ → text) to a fresh folder; returns its path. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-cycles-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, 'src', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe('import cycle check', () => {
  it('reports every import of a cycle across folders', () => {
    const root = tree({
      'features/a/index.ts': "export { a } from './a.js';",
      'features/a/a.ts': "import { b } from '../b/index.js';\nexport const a = () => b;",
      'features/b/index.ts': "import { a } from '../a/index.js';\nexport const b = () => a;",
      'lib/leaf.ts': 'export const leaf = 1;',
    });
    expect(checkImportCycles({ root })).toEqual({
      newCycles: [
        'src/features/a/a.ts -> src/features/b/index.ts',
        'src/features/a/index.ts -> src/features/a/a.ts',
        'src/features/b/index.ts -> src/features/a/index.ts',
      ],
      staleAllowances: [],
    });
  });

  it('reports a module that imports itself, and a .tsx module', () => {
    const root = tree({
      'self.ts': "import './self.js';",
      'view.tsx': "import { x } from './x.js';\nexport const view = x;",
      'x.ts': "import { view } from './view.js';\nexport const x = () => view;",
    });
    expect(checkImportCycles({ root }).newCycles).toEqual([
      'src/self.ts -> src/self.ts',
      'src/view.tsx -> src/x.ts',
      'src/x.ts -> src/view.tsx',
    ]);
  });

  it('passes type-only imports, dynamic imports and a chain without a cycle', () => {
    const root = tree({
      'a.ts': "import type { B } from './b.js';\nexport type A = B;\nexport const a = 1;",
      'b.ts': "import { a } from './a.js';\nexport type B = typeof a;",
      'c.ts':
        "import { type D } from './d.js';\nexport { type A } from './a.js';\nexport type C = D;",
      'd.ts':
        "export type D = 1;\nexport const loadC = () => import('./c.js');\nexport type { C } from './c.js';",
    });
    expect(checkImportCycles({ root })).toEqual({ newCycles: [], staleAllowances: [] });
  });

  it('passes an allowed cycle, and fails an allowance whose import no longer makes a cycle', () => {
    const root = tree({
      'a.ts': "import { b } from './b.js';\nexport const a = () => b;",
      'b.ts': "import { a } from './a.js';\nexport const b = () => a;",
    });
    expect(
      checkImportCycles({ root, allowed: ['src/a.ts -> src/b.ts', 'src/b.ts -> src/a.ts'] }),
    ).toEqual({ newCycles: [], staleAllowances: [] });
    fs.writeFileSync(path.join(root, 'src/b.ts'), 'export const b = 2;');
    expect(
      checkImportCycles({ root, allowed: ['src/a.ts -> src/b.ts', 'src/b.ts -> src/a.ts'] }),
    ).toEqual({ newCycles: [], staleAllowances: ['src/a.ts -> src/b.ts', 'src/b.ts -> src/a.ts'] });
  });

  it('finds no cycle in src/ beyond the allowed list', () => {
    const allowedFile = path.join(repoRoot, 'scripts/import-cycles.allowed.json');
    const { edges } = JSON.parse(fs.readFileSync(allowedFile, 'utf8')) as { edges: string[] };
    expect(checkImportCycles({ root: repoRoot, allowed: edges })).toEqual({
      newCycles: [],
      staleAllowances: [],
    });
  });
});
