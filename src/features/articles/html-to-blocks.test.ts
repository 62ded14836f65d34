import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { BodySchema } from './blocks.js';
import { htmlToBlocks } from './html-to-blocks.js';

describe('htmlToBlocks', () => {
  it('keeps structure and inline marks, drops everything else', () => {
    const blocks = htmlToBlocks(
      '<h2>Cast</h2><p>Hello <strong>bold <em>both</em></strong> and <a href="https://example.com" onclick="x()">a link</a>.</p>' +
        '<script>alert(1)</script><ul><li>One</li><li><b>Two</b></li></ul>' +
        '<blockquote><p>It was unplanned.</p><cite>Hwang Min-hyun</cite></blockquote>',
    );
    expect(blocks).toEqual([
      { type: 'heading', level: 2, content: [{ text: 'Cast' }] },
      {
        type: 'paragraph',
        content: [
          { text: 'Hello ' },
          { text: 'bold ', marks: ['bold'] },
          { text: 'both', marks: ['bold', 'italic'] },
          { text: ' and ' },
          { text: 'a link', href: 'https://example.com' },
          { text: '.' },
        ],
      },
      {
        type: 'list',
        ordered: false,
        items: [[{ text: 'One' }], [{ text: 'Two', marks: ['bold'] }]],
      },
      { type: 'quote', content: [{ text: 'It was unplanned.' }], cite: 'Hwang Min-hyun' },
    ]);
  });

  it('turns a clip URL on its own line and an iframe into embeds', () => {
    const blocks = htmlToBlocks(
      '<p>https://www.youtube.com/watch?v=aoS2btsKiss&t=90</p>' +
        '<figure><iframe src="https://player.vimeo.com/video/123456"></iframe><figcaption>Teaser</figcaption></figure>' +
        '<p>See https://www.youtube.com/watch?v=aoS2btsKiss for more</p>',
    );
    expect(blocks[0]).toMatchObject({
      type: 'embed',
      video: { provider: 'youtube', providerId: 'aoS2btsKiss', startSeconds: 90 },
    });
    expect(blocks[1]).toMatchObject({
      type: 'embed',
      video: { provider: 'vimeo', providerId: '123456' },
      caption: [{ text: 'Teaser' }],
    });
    expect(blocks[2]).toMatchObject({ type: 'paragraph' });
  });

  it('reads images with captions and loose text', () => {
    const blocks = htmlToBlocks(
      'Loose <i>text</i><figure><img src="/media/a.jpg" alt="A still" width="640"><figcaption>On set</figcaption></figure>',
    );
    expect(blocks).toEqual([
      { type: 'paragraph', content: [{ text: 'Loose ' }, { text: 'text', marks: ['italic'] }] },
      {
        type: 'image',
        src: '/media/a.jpg',
        alt: 'A still',
        width: 640,
        caption: [{ text: 'On set' }],
      },
    ]);
  });

  it('always yields valid blocks whose text is the input text, whatever the HTML', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (html) => {
        const blocks = htmlToBlocks(html).filter((b) => b.type !== 'embed');
        expect(Value.Check(BodySchema, blocks)).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z가-힣 .,!?]{1,80}$/), (text) => {
        const blocks = htmlToBlocks(`<p>${text}</p>`);
        const expected = text.replace(/ +/g, ' ').trim();
        if (expected === '') expect(blocks).toEqual([]);
        else expect(blocks).toEqual([{ type: 'paragraph', content: [{ text: expected }] }]);
      }),
    );
  });
});
