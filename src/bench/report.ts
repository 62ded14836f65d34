import fs from 'node:fs';

/** One measured load. */
export interface Row {
  name: string;
  /** Mean requests per second over the run. */
  rps: number;
  /** Latency percentiles in ms. */
  p50: number;
  p99: number;
  ok: number;
  errors: number;
  note: string;
}

/** A Markdown table of the rows, as printed and as written into docs/benchmarks.md. */
export function formatTable(rows: readonly Row[]): string {
  const lines = [
    '| load | req/s | p50 ms | p99 ms | 2xx | errors / non-2xx | note |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.ok} | ${r.errors} | ${r.note} |`,
    ),
  ];
  return lines.join('\n');
}

export interface Report {
  title: string;
  machine: string;
  sizeLine: string;
  settings: string;
  table: string;
  extra: readonly string[];
}

/** Appends a dated section to the benchmarks document (created with a header when missing). */
export function appendReport(file: string, report: Report): void {
  const header =
    '# Benchmarks\n\nMeasured with `npm run bench` (see src/bench/). Newest runs at the end.\n';
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : header;
  const section = [
    `\n## ${report.title}\n`,
    `- Machine: ${report.machine}`,
    `- Site: ${report.sizeLine}`,
    `- Load: ${report.settings}\n`,
    report.table,
    '',
    ...report.extra.map((line) => `- ${line}`),
    '',
  ].join('\n');
  fs.writeFileSync(file, existing.trimEnd() + '\n' + section);
}
