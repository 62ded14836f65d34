import crypto from 'node:crypto';
import zlib from 'node:zlib';

/*
 * Rendered reader pages kept in memory, bounded by bytes (least recently used goes first),
 * each stored with an ETag and, from the first client that asks for them, its gzip and brotli
 * bodies, so that a hit costs no rendering and no compression. Compressing lazily keeps a miss
 * cheap for clients that take identity and pays each compression once per page. Every page
 * names the entities it shows as tags ("article:12", "show:3", "lists"); a change drops exactly
 * the pages carrying one of its tags.
 */

export type Encoding = 'br' | 'gzip';

export interface CachedPage {
  body: Buffer;
  gzip?: Buffer;
  brotli?: Buffer;
  etag: string;
  contentType: string;
  /**
   * The other headers the first response carried (security headers and the like), replayed on
   * every hit so that a page from memory is answered exactly as a rendered one.
   */
  headers: Readonly<Record<string, string>>;
  tags: ReadonlySet<string>;
  /** Epoch ms after which the page is stale (something on it changes with time), or Infinity. */
  expiresAt: number;
}

export interface PageCacheStats {
  pages: number;
  bytes: number;
  hits: number;
  misses: number;
}

/**
 * The memory a page takes: its bodies, and an estimate of what else it keeps (its replayed
 * headers, its tags, also listed in the index by tag, and the objects around them), which is a
 * tenth to a fifth of a typical article's bytes and would otherwise not count against the budget.
 */
function sizeOf(page: CachedPage): number {
  let size = page.body.length + (page.gzip?.length ?? 0) + (page.brotli?.length ?? 0) + 1024;
  for (const name in page.headers) size += 2 * (name.length + (page.headers[name]?.length ?? 0));
  for (const tag of page.tags) size += 3 * tag.length + 64;
  return size;
}

/** Compresses a body in one of the encodings pages are served in. */
export function compress(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'gzip'
    ? zlib.gzipSync(body, { level: 9 })
    : zlib.brotliCompressSync(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
}

/** A rendered page ready to be cached: its bytes, ETag and tags. */
export function preparePage(
  body: Buffer,
  contentType: string,
  tags: Iterable<string>,
  expiresAt = Number.POSITIVE_INFINITY,
  headers: Readonly<Record<string, string>> = {},
): CachedPage {
  return {
    body,
    headers,
    etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    contentType,
    tags: new Set(tags),
    expiresAt,
  };
}

export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private readonly keysByTag = new Map<string, Set<string>>();
  private readonly stored = new WeakSet<CachedPage>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    /** Upper bound of the memory the pages may take. */
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The page stored under `key`, if it is there and still fresh; marks it recently used. */
  get(key: string): CachedPage | undefined {
    const page = this.peek(key);
    if (page === undefined) this.misses++;
    return page;
  }

  /** Like get, but a miss is not counted (the caller falls through to a lookup that counts it). */
  peek(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (page === undefined) return undefined;
    if (page.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    this.pages.delete(key);
    this.pages.set(key, page);
    this.hits++;
    return page;
  }

  set(key: string, page: CachedPage): void {
    const size = sizeOf(page);
    if (size > this.maxBytes) return;
    this.delete(key);
    this.pages.set(key, page);
    this.stored.add(page);
    this.bytes += size;
    for (const tag of page.tags) {
      let keys = this.keysByTag.get(tag);
      if (keys === undefined) this.keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    for (const [oldest] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  /** The page's body in `encoding`, compressed on first use and kept with the page. */
  encoded(page: CachedPage, encoding: Encoding): Buffer {
    const field = encoding === 'gzip' ? 'gzip' : 'brotli';
    const existing = page[field];
    if (existing !== undefined) return existing;
    const compressed = compress(page.body, encoding);
    page[field] = compressed;
    // Count the new bytes only while the page is stored (it may have been dropped meanwhile).
    if (this.stored.has(page)) this.bytes += compressed.length;
    return compressed;
  }

  /**
   * Drops every page that carries one of the tags.
   * @returns how many pages were dropped
   */
  invalidate(tags: Iterable<string>): number {
    let dropped = 0;
    for (const tag of tags) {
      for (const key of [...(this.keysByTag.get(tag) ?? [])]) {
        if (this.delete(key)) dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    for (const page of this.pages.values()) this.stored.delete(page);
    this.pages.clear();
    this.keysByTag.clear();
    this.bytes = 0;
  }

  stats(): PageCacheStats {
    return { pages: this.pages.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }

  private delete(key: string): boolean {
    const page = this.pages.get(key);
    if (page === undefined) return false;
    this.pages.delete(key);
    this.stored.delete(page);
    this.bytes -= sizeOf(page);
    for (const tag of page.tags) {
      const keys = this.keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.keysByTag.delete(tag);
    }
    return true;
  }
}
