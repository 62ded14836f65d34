import fs from 'node:fs';
import path from 'node:path';
import { OutboundError, outboundRequest } from '../../http/outbound.js';
import { AppError } from '../../lib/errors.js';
import { inspectUpload, isSafeKey, type MediaStore, type UploadLimits } from '../media/index.js';
import { toItem } from './wxr-model.js';
import { readWxr, type WxrLimits } from './wxr-reader.js';
import { uploadPath } from './wordpress.media.js';

/*
 * `--fetch-attachments`: the files of an export downloaded from the old site while it still
 * answers, as WordPress's own importer does. Before the import, the export is read once for the
 * uploads it uses (attachments, featured images, pictures and links in posts and pages); each is
 * downloaded (a few at a time, each with a time and size limit, redirects followed a few times,
 * every address through the SSRF guard of http/outbound.ts), checked as an upload is (what it
 * is, not what it is called: no SVG, HTML or polyglot, no pixel bomb), and put in a folder laid
 * out as wp-content/uploads. The import then takes the files from that folder as from
 * `--uploads`, so the media rows and the rewritten post bodies are the same. No transaction is
 * open while the network is waited for.
 */

export interface FetchOptions {
  /** The media upload limits (DEHO_UPLOAD_MAX_MB, DEHO_UPLOAD_MAX_MEGAPIXELS). */
  limits: UploadLimits;
  /**
   * Private or local addresses that may be reached (config.outboundAllow). The admin passes the
   * configured list; the CLI's `--fetch-private` allows every address (the operator's choice).
   */
  allow: readonly string[];
  /** Downloads at a time (default 4). */
  concurrency?: number;
  /** The whole exchange of one request, from DNS to the last byte (default 30 s). */
  timeoutMs?: number;
  /** Redirects followed for one file (default 5). */
  maxRedirects?: number;
  /** Called after each file (downloaded, there already, or failed), and once before the first. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

/** What the downloads did, for the import report. */
export interface DownloadReport {
  /** Files downloaded and accepted by this run. */
  fetched: number;
  /** Files the media store or the uploads folder had already: not downloaded again. */
  alreadyThere: number;
  /** Each file that could not be brought, with its address and why. */
  failed: { url: string; reason: string }[];
}

export interface Downloads {
  report: DownloadReport;
  /** Why a file (by its path in the uploads folder) is missing, for the items that use it. */
  failures: Map<string, string>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const UPLOAD_URL = /(?:https?:)?\/\/[^\s"'<>()[\]]+\/wp-content\/uploads\/[^\s"'<>()[\]]+/g;
const TYPES_WITH_CONTENT = new Set(['post', 'page']);

class DownloadFailed extends Error {}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The uploads an export uses, by their path in the uploads folder, each with one address. */
export async function uploadsOfExport(
  file: string,
  wxrLimits: WxrLimits,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const add = (raw: string, base: string) => {
    let url: string;
    try {
      url = new URL(raw.replace(/&amp;/g, '&'), base || undefined).href;
    } catch {
      return;
    }
    const rel = uploadPath(url);
    if (rel !== undefined && isSafeKey(rel) && !found.has(rel)) found.set(rel, url);
  };
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  try {
    for await (const node of readWxr(stream, undefined, wxrLimits)) {
      if (node.name !== 'item') continue;
      const item = toItem(node);
      if (item.type === 'attachment') add(item.attachmentUrl || item.guid, item.link);
      else if (TYPES_WITH_CONTENT.has(item.type) && item.status !== 'trash') {
        for (const match of item.content.matchAll(UPLOAD_URL)) add(match[0], item.link);
      }
    }
  } finally {
    stream.destroy();
  }
  return found;
}

/** One file's bytes, following at most `maxRedirects` redirects, each hop under the guard. */
async function download(url: string, options: FetchOptions): Promise<Buffer> {
  const maxRedirects = options.maxRedirects ?? 5;
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await outboundRequest(current, {
      timeoutMs: options.timeoutMs ?? 30_000,
      maxResponseBytes: options.limits.maxBytes,
      allow: options.allow,
      headers: { accept: 'image/*' },
    });
    if (REDIRECTS.has(response.status)) {
      const location = response.headers.location;
      if (location === undefined) throw new DownloadFailed(`a redirect without a Location`);
      if (hop >= maxRedirects) throw new DownloadFailed(`more than ${maxRedirects} redirects`);
      current = new URL(location, current).href;
      continue;
    }
    if (response.status !== 200) {
      throw new DownloadFailed(`the old site answered ${response.status}`);
    }
    if (response.truncated) {
      throw new DownloadFailed(
        `it is larger than the upload limit (${megabytes(options.limits.maxBytes)})`,
      );
    }
    return response.body;
  }
}

/** Why a download or its check failed, in words for the report. */
function reasonOf(error: unknown): string {
  // The media checks' refusals (AppError) are written for people, as the upload screen shows them.
  if (error instanceof DownloadFailed || error instanceof OutboundError) return error.message;
  if (error instanceof AppError) return error.message;
  return 'it could not be downloaded';
}

/**
 * Downloads every upload the export uses that is neither in the media store nor in the
 * uploads folder, into `into` (laid out as wp-content/uploads). Failures are listed, never
 * thrown: the import goes on without the file.
 */
export async function downloadUploads(
  file: string,
  wxrLimits: WxrLimits,
  options: FetchOptions,
  where: { store: MediaStore; uploadsDir: string | undefined; into: string },
): Promise<Downloads> {
  const wanted = await uploadsOfExport(file, wxrLimits);
  const report: DownloadReport = { fetched: 0, alreadyThere: 0, failed: [] };
  const failures = new Map<string, string>();
  const queue = [...wanted];
  let done = 0;
  const total = wanted.size;
  options.onProgress?.({ done, total });
  /** One file: left alone when it is there already, else downloaded and checked. */
  const bring = async ([rel, url]: [string, string]) => {
    const local =
      where.uploadsDir !== undefined &&
      fs
        .statSync(path.join(where.uploadsDir, ...rel.split('/')), { throwIfNoEntry: false })
        ?.isFile() === true;
    if (local || (await where.store.stat(rel)) !== undefined) {
      report.alreadyThere++;
      return;
    }
    try {
      const bytes = await download(url, options);
      await inspectUpload(bytes, options.limits);
      const target = path.join(where.into, ...rel.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, bytes);
      report.fetched++;
    } catch (error) {
      const reason = reasonOf(error);
      report.failed.push({ url, reason });
      failures.set(rel, `${url} could not be downloaded: ${reason}`);
    }
  };
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      await bring(next);
      options.onProgress?.({ done: ++done, total });
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, wanted.size));
  await Promise.all(Array.from({ length: workers }, worker));
  // Listed in the export's order, whichever download finished first.
  const order = new Map([...wanted.values()].map((url, index) => [url, index]));
  report.failed.sort((a, b) => (order.get(a.url) ?? 0) - (order.get(b.url) ?? 0));
  return { report, failures };
}
