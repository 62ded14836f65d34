import fs from 'node:fs';
import path from 'node:path';
import { generateSite, type SiteSize } from './generate.js';

/*
 * A generated site and what its rows request (its newest article, counts, the search sample),
 * kept beside it in bench-site.json so that `npm run bench -- --reuse` can measure it again
 * without generating it (8 minutes at full size).
 */

export type Site = Awaited<ReturnType<typeof generateSite>>;

const siteFile = (dataDir: string) => path.join(dataDir, 'bench-site.json');

/** Generates a site in `dataDir` and keeps what its rows request beside it. */
export async function generateKept(dataDir: string, size: SiteSize, now: Date): Promise<Site> {
  const site = await generateSite(dataDir, size, now);
  fs.writeFileSync(siteFile(dataDir), JSON.stringify(site));
  return site;
}

/** The site an earlier run generated in `dataDir`, or undefined when there is none. */
export function keptSite(dataDir: string): Site | undefined {
  if (!fs.existsSync(siteFile(dataDir))) return undefined;
  return JSON.parse(fs.readFileSync(siteFile(dataDir), 'utf8')) as Site;
}
