import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../lib/paths.js';
import { toItem } from './wxr-model.js';
import { ImportRefused, readWxr, type XNode } from './wxr-reader.js';

const FIXTURE = path.join(projectRoot(), 'test', 'fixtures', 'wordpress', 'export.xml');

async function readAll(
  source: Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
): Promise<XNode[]> {
  const out: XNode[] = [];
  const iterable: AsyncIterable<Buffer | string> =
    Symbol.asyncIterator in source
      ? source
      : (async function* () {
          yield* source;
        })();
  for await (const node of readWxr(iterable)) out.push(node);
  return out;
}

function wxr(body: string, head = '<?xml version="1.0" encoding="UTF-8"?>'): string {
  return `${head}<rss><channel><wp:wxr_version>1.2</wp:wxr_version>${body}</channel></rss>`;
}

async function refusal(input: string | Buffer): Promise<string> {
  try {
    await readAll([typeof input === 'string' ? Buffer.from(input) : input]);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportRefused);
    return (error as Error).message;
  }
  throw new Error('the input was not refused');
}

describe('readWxr', () => {
  it('reads the same records whatever the chunk size (CDATA split across chunks)', async () => {
    const bytes = fs.readFileSync(FIXTURE);
    const whole = await readAll([bytes]);
    const tiny: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) tiny.push(bytes.subarray(i, i + 7));
    expect(await readAll(tiny)).toEqual(whole);
    const items = whole.filter((n) => n.name === 'item').map(toItem);
    expect(items.map((i) => i.id)).toEqual([
      '101',
      '102',
      '103',
      '104',
      '105',
      '106',
      '107',
      '108',
      '110',
      '111',
      '112',
      '201',
      '202',
      '301',
    ]);
    // "]]]]><![CDATA[>" is how WXR writes "]]>" inside CDATA.
    expect(items[0]?.content).toContain('<code>]]></code>');
    expect(items[1]?.title).toBe('환혼: 빛과 그림자 첫 방송');
    expect(items[1]?.postName).toBe('환혼-첫-방송');
  });

  it('refuses malformed XML, naming the place', async () => {
    expect(await refusal(wxr('<item><title>A</title><wp:post_id>1</item>'))).toMatch(
      /not well-formed.*"A"/,
    );
    expect(await refusal(wxr('<item><title>Cut off').slice(0, -20))).toMatch(
      /truncated|not closed/,
    );
    expect(await refusal('<html><body>nope</body></html>')).toMatch(/not <rss>/);
    expect(await refusal('')).toMatch(/empty/);
    expect(await refusal('<rss><channel><item><title>x</title></item></channel></rss>')).toMatch(
      /wxr_version/,
    );
  });

  it('refuses an encoding other than UTF-8, and bytes that are not UTF-8', async () => {
    expect(
      await refusal(wxr('<title>Café</title>', '<?xml version="1.0" encoding="ISO-8859-1"?>')),
    ).toMatch(/declares the encoding "ISO-8859-1"/);
    const latin1 = Buffer.concat([
      Buffer.from(wxr('<title>Caf').slice(0, -1)),
      Buffer.from([0xe9]),
      Buffer.from('</title></channel></rss>'),
    ]);
    expect(await refusal(latin1)).toMatch(/not valid UTF-8/);
    expect(
      await refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(wxr(''), 'utf16le')])),
    ).toMatch(/UTF-16/);
  });

  it('refuses entity expansion ("billion laughs") without expanding anything', async () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      '<rss><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>&lol9;</title></item></channel></rss>',
    ].join('\n');
    const before = process.memoryUsage().heapUsed;
    expect(await refusal(lol)).toMatch(/DOCTYPE.*billion laughs/);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses external entities and never reads the file they name', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${wxr('<item><title>&xxe;</title></item>', '')}`;
    expect(await refusal(xxe)).toMatch(/external entities/);
  });

  it('leaves undeclared entities as text: nothing is looked up', async () => {
    const [, item] = await readAll([
      Buffer.from(wxr('<item><title>&xxe; &amp; &#xAC00;</title></item>')),
    ]);
    expect(item?.children[0]?.text).toBe('&xxe; & 가');
  });

  it('refuses a 10 MB post with a message that names it, before holding it all', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const message = await refusal(
      wxr(
        `<item><title>Huge post</title><content:encoded><![CDATA[${big}]]></content:encoded></item>`,
      ),
    );
    expect(message).toMatch(/content:encoded.*"Huge post".*larger than 4 MB/);
  });

  it('streams a large export in bounded memory', async () => {
    const paragraph = `<p>${'Alchemy of Souls 환혼 '.repeat(120)}</p>`;
    const count = 20_000; // about 60 MB of XML, never held at once
    async function* generate() {
      yield wxr('').replace('</channel></rss>', '');
      for (let i = 1; i <= count; i++) {
        yield `<item><title>Post ${i}</title><wp:post_id>${i}</wp:post_id><content:encoded><![CDATA[${paragraph}]]></content:encoded></item>\n`;
      }
      yield '</channel></rss>';
    }
    // What the reader holds, not what the collector has yet to sweep (which depends on the
    // machine's load and on the files run before in this worker): the heap after a full
    // collection (vitest.config.ts starts the workers with --expose-gc).
    const gc = global.gc;
    if (gc === undefined) throw new Error('This test needs node --expose-gc (vitest.config.ts).');
    const retained = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const base = retained();
    let peak = 0;
    let items = 0;
    for await (const node of readWxr(generate())) {
      if (node.name === 'item') items++;
      if (items % 2500 === 0) peak = Math.max(peak, retained() - base);
    }
    expect(items).toBe(count);
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  });
});
