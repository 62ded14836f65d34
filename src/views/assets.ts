import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/paths.js';

/** Folders served under /assets/: hand-written files, then the bundled islands. */
export function assetRoots(): string[] {
  const root = projectRoot();
  return [path.join(root, 'public', 'assets'), path.join(root, 'dist', 'public', 'assets')];
}

const versions = new Map<string, string>();

/**
 * The URL of an asset with a content hash, so that browsers and CDNs may cache it for a year
 * and still see a new version at once.
 */
export function assetUrl(name: string): string {
  let version = versions.get(name);
  if (version === undefined) {
    version = 'missing';
    for (const dir of assetRoots()) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) {
        version = crypto
          .createHash('sha256')
          .update(fs.readFileSync(file))
          .digest('hex')
          .slice(0, 10);
        break;
      }
    }
    versions.set(name, version);
  }
  return `/assets/${name}?v=${version}`;
}
