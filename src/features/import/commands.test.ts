import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../cli.js';
import { projectRoot } from '../../lib/paths.js';

const FIXTURES = path.join(projectRoot(), 'test', 'fixtures', 'wordpress');

function capture(env: Record<string, string>, cwd: string, tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: Object.assign({ write: (s: string) => err.push(s) }, tty && { isTTY: true }),
    env,
    cwd,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('deho import | export | backup', () => {
  let root: string;
  const envFor = (dir: string) => ({
    DEHO_DATA_DIR: path.join(root, dir),
    LOG_LEVEL: 'silent',
    DEHO_DEMO: '0',
  });

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-cmd-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('imports a WordPress export with a progress bar on a terminal, then changes nothing the second time', async () => {
    const first = capture(envFor('a'), FIXTURES, true);
    expect(
      await runCli(['import', 'wordpress', 'export.xml', '--uploads', 'uploads'], first.io),
    ).toBe(0);
    expect(first.stdout()).toContain('articles   7 new, 0 updated, 0 unchanged');
    expect(first.stdout()).toMatch(/Skipped \(4\):\n {2}- comment 7 .*pingback/);
    expect(first.stdout()).toContain('/news/go-yoon-jung-interview-2');
    expect(first.stderr()).toMatch(/\r\[#+\] 100%/);

    const again = capture(envFor('a'), FIXTURES);
    expect(
      await runCli(
        ['import', 'wordpress', path.join(FIXTURES, 'export.xml'), '--uploads', 'uploads'],
        again.io,
      ),
    ).toBe(0);
    expect(again.stdout()).toContain('articles   0 new, 0 updated, 7 unchanged');
    expect(again.stderr()).toBe(''); // not a terminal: no progress bar
  });

  it('prints progress lines where no terminal is watching, at the interval asked for', async () => {
    const c = capture(envFor('p'), FIXTURES);
    expect(
      await runCli(
        ['import', 'wordpress', 'hard-cases.xml', '--uploads', 'uploads', '--progress-every', '0'],
        c.io,
      ),
    ).toBe(0);
    expect(c.stderr()).not.toContain('\r');
    expect(c.stderr()).toMatch(
      /^Importing hard-cases\.xml: +\d+% +[\d.]+ of [\d.]+ MB, \d+ items$/m,
    );
    expect(c.stderr()).toMatch(/100% .*5 items\n$/);
    expect(c.stdout()).toMatch(/Conflicts \(0\)|articles +3 new/);
  });

  it('says what is wrong with a bad file, exit 1', async () => {
    fs.writeFileSync(
      path.join(root, 'bad.xml'),
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><rss/>',
    );
    const c = capture(envFor('a'), root);
    expect(await runCli(['import', 'wordpress', 'bad.xml'], c.io)).toBe(1);
    expect(c.stderr()).toMatch(/^deho: The file has a DOCTYPE/);
  });

  it('downloads attachments with --fetch-attachments, from a private address only with --fetch-private', async () => {
    const poster = await sharp({
      create: { width: 30, height: 20, channels: 3, background: '#3c3' },
    })
      .jpeg()
      .toBuffer();
    const server = http.createServer((request, response) => {
      if (request.url === '/wp-content/uploads/2023/01/poster.jpg')
        response.writeHead(200, { 'content-type': 'image/jpeg' }).end(poster);
      else response.writeHead(404).end();
    });
    // This worktree's ports are 7100–7199; the fetch tests take 7150 upwards.
    let port = 7140;
    for (; port < 7150; port++) {
      const bound = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (bound) break;
    }
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const xml = fs
        .readFileSync(path.join(FIXTURES, 'remote.xml'), 'utf8')
        .replaceAll('http://old-site.invalid', origin);
      fs.writeFileSync(path.join(root, 'remote.xml'), xml);

      const usage = capture(envFor('f'), root);
      expect(await runCli(['import', 'wordpress', 'remote.xml', '--fetch-private'], usage.io)).toBe(
        2,
      );
      expect(usage.stderr()).toContain('--fetch-private goes with --fetch-attachments.');

      const guarded = capture(envFor('f'), root);
      expect(
        await runCli(['import', 'wordpress', 'remote.xml', '--fetch-attachments'], guarded.io),
      ).toBe(0);
      expect(guarded.stdout()).toContain('Downloads: 0 fetched, 0 already there, 9 failed');
      expect(guarded.stdout()).toContain(
        `  - ${origin}/wp-content/uploads/2023/01/poster.jpg: 127.0.0.1 is a private or local address.`,
      );

      const allowed = capture(envFor('f'), root);
      expect(
        await runCli(
          ['import', 'wordpress', 'remote.xml', '--fetch-attachments', '--fetch-private'],
          allowed.io,
        ),
      ).toBe(0);
      expect(allowed.stdout()).toContain('Downloads: 1 fetched, 0 already there, 8 failed');
      expect(allowed.stderr()).toContain('Downloading files from the old site: 0 of 9\n');
      expect(allowed.stderr()).toContain('Downloading files from the old site: 9 of 9\n');
      expect(allowed.stdout()).toContain(
        `  - ${origin}/wp-content/uploads/2023/01/missing.png: the old site answered 404`,
      );
      expect(fs.existsSync(path.join(root, 'f', 'media', '2023', '01', 'poster.jpg'))).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('exports, restores into a new data folder, and backs up', async () => {
    expect(
      await runCli(
        ['import', 'wordpress', 'export.xml', '--uploads', 'uploads'],
        capture(envFor('a'), FIXTURES).io,
      ),
    ).toBe(0);
    const exp = capture(envFor('a'), root);
    expect(await runCli(['export', 'out'], exp.io)).toBe(0);
    expect(exp.stdout()).toMatch(
      /Exported \d+ rows from \d+ tables and 4 media files to .*deho-export.json/,
    );

    const restore = capture(envFor('b'), root);
    expect(await runCli(['import', 'deho', 'out'], restore.io)).toBe(0);
    expect(restore.stdout()).toMatch(/Restored \d+ rows and 4 media files/);
    const twice = capture(envFor('b'), root);
    expect(await runCli(['import', 'deho', 'out'], twice.io)).toBe(1);
    expect(twice.stderr()).toMatch(/not empty/);

    const backup = capture(envFor('b'), root);
    expect(await runCli(['backup', 'copy.db'], backup.io)).toBe(0);
    expect(backup.stdout()).toMatch(/integrity check ok/);
    expect(fs.existsSync(path.join(root, 'copy.db'))).toBe(true);
  });

  it('points to pg_dump on PostgreSQL', async () => {
    const c = capture({ ...envFor('a'), DATABASE_URL: 'postgres://u@127.0.0.1:1/deho' }, root);
    expect(await runCli(['backup', 'copy.db'], c.io)).toBe(1);
    expect(c.stderr()).toContain('pg_dump');
  });

  it.each([
    [['import'], /import needs a kind/],
    [['import', 'wordpress'], /needs a file/],
    [['import', 'deho'], /needs a folder/],
    [['import', 'wordpress', 'x.xml', '--nope'], /Unknown option/],
    [['export'], /export needs a folder/],
    [['backup'], /backup needs a file/],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const c = capture(envFor('a'), root);
    expect(await runCli(argv, c.io)).toBe(2);
    expect(c.stderr()).toMatch(message);
  });
});
