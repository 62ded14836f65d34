import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/*
 * The one way Deho makes HTTP requests to addresses that users typed (webhook endpoints, video
 * pages). It refuses private, loopback, link-local and other non-public targets (SSRF), checks
 * the address it actually connects to (so DNS cannot swap in a private one after the check),
 * follows no redirects, and caps time and response size.
 */

/** Why an outgoing request was not made or not completed. */
export class OutboundError extends Error {
  override readonly name = 'OutboundError';
  constructor(
    message: string,
    readonly reason: 'refused' | 'invalid_url' | 'timeout' | 'network',
  ) {
    super(message);
  }
}

export interface OutboundOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, from DNS to the last byte. Default 10 s. */
  timeoutMs?: number;
  /** Bytes of response body kept; the rest is not read. Default 64 KiB. */
  maxResponseBytes?: number;
  /** Host names, addresses or CIDR ranges that may be private (config.outboundAllow). */
  allow?: readonly string[];
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body was longer than maxResponseBytes and was cut. */
  truncated: boolean;
}

const BLOCKED_V4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const BLOCKED_V6: readonly [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const blocked = new net.BlockList();
for (const [network, prefix] of BLOCKED_V4) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of BLOCKED_V6) blocked.addSubnet(network, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96) address. */
function embeddedV4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1] !== undefined) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] === undefined || hex[2] === undefined) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True for any address that is not a public unicast address. */
export function isNonPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedV4(address);
    if (v4 !== undefined) return blocked.check(v4, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true;
}

function allowList(entries: readonly string[]): { hosts: Set<string>; nets: net.BlockList } {
  const hosts = new Set<string>();
  const nets = new net.BlockList();
  for (const raw of entries) {
    const entry = raw.replace(/^\[|\]$/g, '').toLowerCase();
    const [address = '', prefix] = entry.split('/');
    const family = net.isIP(address);
    if (family === 0) hosts.add(entry);
    else if (prefix === undefined) nets.addAddress(address, family === 4 ? 'ipv4' : 'ipv6');
    else nets.addSubnet(address, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
  }
  return { hosts, nets };
}

/**
 * Whether a request to `hostname` that connects to `address` may go ahead.
 * @param allow config.outboundAllow
 */
export function mayConnect(hostname: string, address: string, allow: readonly string[]): boolean {
  if (!isNonPublicAddress(address)) return true;
  const list = allowList(allow);
  if (list.hosts.has(hostname.toLowerCase())) return true;
  const family = net.isIP(address);
  return family !== 0 && list.nets.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Checks a URL's form before anything is resolved: http(s), no credentials, and a literal
 * address only when it is public or allowed.
 * @returns the parsed URL
 * @throws OutboundError ('invalid_url' or 'refused')
 */
export function checkOutboundUrl(raw: string, allow: readonly string[] = []): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError('That is not a URL.', 'invalid_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError('Only http:// and https:// addresses can be reached.', 'invalid_url');
  }
  if (url.username !== '' || url.password !== '') {
    throw new OutboundError(
      'Addresses with a user name or password are not accepted.',
      'invalid_url',
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) !== 0 && !mayConnect(host, host, allow)) {
    throw new OutboundError(`${host} is a private or local address.`, 'refused');
  }
  return url;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for http.request that resolves, then refuses non-public answers. */
function guardedLookup(allow: readonly string[]) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.find((a) => !mayConnect(hostname, a.address, allow));
      if (refused !== undefined || addresses.length === 0) {
        const reason = new OutboundError(
          `${hostname} resolves to a private or local address.`,
          'refused',
        ) as OutboundError & NodeJS.ErrnoException;
        return callback(reason, []);
      }
      if (options.all === true) return callback(null, addresses);
      const first = addresses[0] as dns.LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Makes one HTTP request under the SSRF guard, with a time limit and a size cap.
 * @returns status, headers and the (possibly truncated) body; redirects are returned, not followed
 * @throws OutboundError when refused, timed out or the connection failed
 */
export async function outboundRequest(
  raw: string,
  options: OutboundOptions = {},
): Promise<OutboundResponse> {
  const allow = options.allow ?? [];
  const url = checkOutboundUrl(raw, allow);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 64 * 1024;
  const client = url.protocol === 'https:' ? https : http;
  const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: OutboundError | undefined, response?: OutboundResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response as OutboundResponse);
    };
    const request = client.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: {
          'user-agent': 'Deho (+https://github.com/deho)',
          ...(body !== undefined && { 'content-length': String(body.length) }),
          ...options.headers,
        },
        lookup: guardedLookup(allow),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const done = () =>
          finish(undefined, {
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
            truncated,
          });
        response.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = maxBytes - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size = maxBytes;
            truncated = true;
            done();
            response.destroy();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', done);
        response.on('error', (error) => finish(new OutboundError(error.message, 'network')));
      },
    );
    const timer = setTimeout(() => {
      finish(new OutboundError(`No complete answer within ${timeoutMs} ms.`, 'timeout'));
      request.destroy();
    }, timeoutMs);
    request.on('error', (error) => {
      finish(error instanceof OutboundError ? error : new OutboundError(error.message, 'network'));
    });
    request.end(body);
  });
}
