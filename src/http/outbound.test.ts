import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkOutboundUrl,
  isNonPublicAddress,
  OutboundError,
  outboundRequest,
} from './outbound.js';

describe('isNonPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    'fc00::abcd',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '172.32.0.1',
    '93.184.216.34',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('lets %s through', (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });
});

describe('checkOutboundUrl', () => {
  const refused = (url: string, allow: string[] = []) => {
    try {
      checkOutboundUrl(url, allow);
    } catch (error) {
      return error instanceof OutboundError ? error.reason : 'other';
    }
    return 'accepted';
  };

  it('accepts public http(s) addresses and refuses other schemes, credentials and literal private hosts', () => {
    expect(refused('https://hooks.example.com/deho')).toBe('accepted');
    expect(refused('ftp://example.com/')).toBe('invalid_url');
    expect(refused('file:///etc/passwd')).toBe('invalid_url');
    expect(refused('https://user:pw@example.com/')).toBe('invalid_url');
    expect(refused('not a url')).toBe('invalid_url');
    expect(refused('http://169.254.169.254/latest/meta-data/')).toBe('refused');
    expect(refused('http://[::1]:8080/')).toBe('refused');
    expect(refused('http://[::ffff:127.0.0.1]/')).toBe('refused');
    expect(refused('http://2130706433/')).toBe('refused'); // 127.0.0.1 as a decimal number
    expect(refused('http://0x7f.1/')).toBe('refused');
    expect(refused('http://127.0.0.1:9/', ['127.0.0.1'])).toBe('accepted');
    expect(refused('http://10.2.3.4/', ['10.0.0.0/8'])).toBe('accepted');
  });
});

describe('outboundRequest against a real local server', () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/slow') return; // never answers
      if (request.url === '/big') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('x'.repeat(100_000));
        return;
      }
      if (request.url === '/redirect') {
        response.writeHead(302, { location: 'http://169.254.169.254/' });
        response.end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses loopback, by address and by a name that resolves to it, unless allowed', async () => {
    await expect(outboundRequest(`${base}/`)).rejects.toMatchObject({ reason: 'refused' });
    const port = new URL(base).port;
    await expect(outboundRequest(`http://localhost:${port}/`)).rejects.toMatchObject({
      reason: 'refused',
    });
    const ok = await outboundRequest(`${base}/`, { allow: ['127.0.0.1'] });
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toBe('hello');
  });

  it('times out, caps the body and does not follow redirects', async () => {
    await expect(
      outboundRequest(`${base}/slow`, { allow: ['127.0.0.1'], timeoutMs: 200 }),
    ).rejects.toMatchObject({ reason: 'timeout' });
    const big = await outboundRequest(`${base}/big`, {
      allow: ['127.0.0.1'],
      maxResponseBytes: 1000,
    });
    expect(big.body.length).toBe(1000);
    expect(big.truncated).toBe(true);
    const moved = await outboundRequest(`${base}/redirect`, { allow: ['127.0.0.1'] });
    expect(moved.status).toBe(302);
  });
});
