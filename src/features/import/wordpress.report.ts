import type { DownloadReport } from './wordpress.fetch.js';

/*
 * What an import run tells its user: counts per kind, notes, and what was skipped and why.
 */

export interface ImportCount {
  created: number;
  updated: number;
  unchanged: number;
}

export type Counted = 'articles' | 'pages' | 'users' | 'comments' | 'tags' | 'media' | 'redirects';

export interface ImportReport {
  file: string;
  site: string;
  counts: Record<Counted, ImportCount>;
  /** What was not imported and why (the first MAX_LISTED; skippedTotal counts them all). */
  skipped: { item: string; reason: string }[];
  skippedTotal: number;
  /** Things imported differently from WordPress (new slugs, private → draft …). */
  notes: string[];
  /** Articles changed both in WordPress and in Deho since the last import: Deho's kept. */
  conflicts: string[];
  /** With `--fetch-attachments`: what was downloaded from the old site, and what could not be. */
  downloads?: DownloadReport;
}

/** How many skipped items and notes are listed. */
const MAX_LISTED = 500;

const COUNTED: readonly Counted[] = [
  'articles',
  'pages',
  'users',
  'comments',
  'tags',
  'media',
  'redirects',
];

/** Collects the report of a run. */
export class ImportLog {
  readonly report: ImportReport;

  constructor(file: string) {
    const counts = Object.fromEntries(
      COUNTED.map((k) => [k, { created: 0, updated: 0, unchanged: 0 }]),
    ) as Record<Counted, ImportCount>;
    this.report = {
      file,
      site: '',
      counts,
      skipped: [],
      skippedTotal: 0,
      notes: [],
      conflicts: [],
    };
  }

  skip(item: string, reason: string): void {
    this.report.skippedTotal++;
    if (this.report.skipped.length < MAX_LISTED) this.report.skipped.push({ item, reason });
  }

  note(text: string): void {
    if (this.report.notes.length < MAX_LISTED) this.report.notes.push(text);
  }

  conflict(text: string): void {
    this.report.conflicts.push(text);
  }

  count(what: Counted, outcome: keyof ImportCount): void {
    this.report.counts[what][outcome]++;
  }
}
