import fs from 'node:fs';
import os from 'node:os';

/** One measured load. */
export interface Row {
  name: string;
  /** How it was measured, in a few words (cached, rendered, connections…). */
  method: string;
  /** Requests per second over the run. */
  rps: number;
  /** Latency percentiles in ms. */
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  note: string;
  /** The machine's 1-minute load average when the row was measured. */
  load: string;
}

/** The 1, 5 and 15-minute load averages: how busy the shared machine was. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');

/** A row of the Markdown table. */
export function formatRow(r: Row): string {
  return `| ${r.name} | ${r.method} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.requests} | ${r.non2xx + r.errors} | ${r.load} | ${r.note} |`;
}

/** A Markdown table of the rows, as written into docs/benchmarks.md. */
export function formatTable(rows: readonly Row[]): string {
  return [
    '| load | method | req/s | p50 ms | p95 ms | p99 ms | requests | errors / non-2xx | load avg | note |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows.map(formatRow),
  ].join('\n');
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
