import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding Deho's package.json. Code runs both from src/ (tests) and bundled from
 * dist/ (npm start), so the root is found by walking up rather than by a fixed relative path.
 */
export function projectRoot(): string {
  if (cached !== undefined) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Deho cannot find its package.json above ' + dir);
    dir = parent;
  }
  cached = dir;
  return dir;
}
