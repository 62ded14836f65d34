import { describe, expect, it } from 'vitest';
import { htmlToBlocks } from '../articles/index.js';
import {
  autop,
  dropPluginShortcodes,
  expandShortcodes,
  shortcodeAttrs,
  wordpressToHtml,
} from './wordpress-content.js';

const blocks = (content: string) => htmlToBlocks(wordpressToHtml(content).html);

describe('wpautop', () => {
  it('makes paragraphs of blank-line-separated text and line breaks of single newlines', () => {
    expect(autop('One\ntwo\n\nThree')).toBe('<p>One<br />\ntwo</p>\n<p>Three</p>\n');
  });

  it('leaves block-level markup alone and keeps <pre> as written', () => {
    const html = autop('<h2>Title</h2>\nText\n\n<ul>\n<li>a</li>\n</ul>\n\n<pre>x\n\ny</pre>');
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<p>Text</p>');
    expect(html).toContain('<pre>x\n\ny</pre>');
    expect(html).not.toContain('<p><ul>');
  });

  it('gives the converter paragraphs, line breaks and headings', () => {
    expect(blocks('First <b>bold</b>\nline\n\n<h3>Cast</h3>\nSecond')).toEqual([
      {
        type: 'paragraph',
        content: [{ text: 'First ' }, { text: 'bold', marks: ['bold'] }, { text: '\nline' }],
      },
      { type: 'heading', level: 3, content: [{ text: 'Cast' }] },
      { type: 'paragraph', content: [{ text: 'Second' }] },
    ]);
  });
});

describe('shortcodes', () => {
  it('reads quoted, unquoted and positional attributes', () => {
    expect(shortcodeAttrs(` id="a 1" width=300 align='left' https://x.example`)).toEqual({
      id: 'a 1',
      width: '300',
      align: 'left',
      '0': 'https://x.example',
    });
  });

  it('turns [caption] into an image with its caption', () => {
    expect(
      blocks(
        '[caption id="attachment_5" width="300"]<a href="/big.jpg"><img src="/small.jpg" alt="Poster" width="300" height="200" /></a> The <em>official</em> poster[/caption]',
      ),
    ).toEqual([
      {
        type: 'image',
        src: '/small.jpg',
        alt: 'Poster',
        width: 300,
        height: 200,
        caption: [{ text: 'The ' }, { text: 'official', marks: ['italic'] }, { text: ' poster' }],
      },
    ]);
  });

  it('takes the old caption="…" attribute too', () => {
    expect(blocks('[caption caption="From the set"]<img src="/a.jpg" alt="" />[/caption]')).toEqual(
      [{ type: 'image', src: '/a.jpg', alt: '', caption: [{ text: 'From the set' }] }],
    );
  });

  it('turns [embed], [youtube] and clip URLs on their own line into embeds', () => {
    const out = blocks(
      'Intro\n\n[embed]https://vimeo.com/76979871[/embed]\n\n[youtube https://www.youtube.com/watch?v=dQw4w9WgXcQ]\n\nhttps://youtu.be/dQw4w9WgXcQ',
    );
    expect(
      out.map((b) => (b.type === 'embed' ? `${b.video.provider}:${b.video.providerId}` : b.type)),
    ).toEqual(['paragraph', 'vimeo:76979871', 'youtube:dQw4w9WgXcQ', 'youtube:dQw4w9WgXcQ']);
  });

  it('turns [video] and [audio] of a file into a link to the file', () => {
    expect(
      blocks('[video width="640" mp4="https://x.example/wp-content/uploads/clip.mp4"][/video]'),
    ).toEqual([
      {
        type: 'paragraph',
        content: [
          {
            text: 'https://x.example/wp-content/uploads/clip.mp4',
            href: 'https://x.example/wp-content/uploads/clip.mp4',
          },
        ],
      },
    ]);
  });

  it('expands [gallery ids] to its attachments, leaves escaped shortcodes and bracketed words as text', () => {
    const dropped: string[] = [];
    expect(expandShortcodes('[gallery ids="1,2"] [[caption]] [spoiler]x[/spoiler]', dropped)).toBe(
      '\n\n<figure><img src="wp-attachment:1" alt=""><img src="wp-attachment:2" alt=""></figure>\n\n [caption] [spoiler]x[/spoiler]',
    );
    expect(dropped).toEqual([]);
  });

  it('leaves out the shortcodes of plugins Deho does not have, and names them', () => {
    const dropped: string[] = [];
    expect(
      dropPluginShortcodes('A [contact-form-7 id="1" title="C"] B [ad slot=3] C [sic] D', dropped),
    ).toBe('A  B  C [sic] D');
    expect(dropped).toEqual(['a [contact-form-7] shortcode', 'a [ad] shortcode']);
  });

  it('never lets a shortcode attribute become markup', () => {
    const html = wordpressToHtml(
      '[embed]https://x.example/"><script>alert(1)</script>[/embed]',
    ).html;
    expect(html).not.toContain('<script');
  });
});

describe('Gutenberg content', () => {
  const gutenberg = [
    '<!-- wp:paragraph -->\n<p>One\nline</p>\n<!-- /wp:paragraph -->',
    '<!-- wp:embed {"url":"https://youtu.be/dQw4w9WgXcQ","type":"video"} -->\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://youtu.be/dQw4w9WgXcQ\n</div><figcaption>Teaser</figcaption></figure>\n<!-- /wp:embed -->',
    '<!-- wp:gallery -->\n<figure class="wp-block-gallery"><!-- wp:image -->\n<figure class="wp-block-image"><img src="/a.png" alt="A"/></figure>\n<!-- /wp:image -->\n<!-- wp:image -->\n<figure class="wp-block-image"><img src="/b.png" alt="B"/><figcaption>Bee</figcaption></figure>\n<!-- /wp:image --></figure>\n<!-- /wp:gallery -->',
  ].join('\n\n');

  it('is not run through wpautop (its newlines are not line breaks)', () => {
    expect(wordpressToHtml(gutenberg).html).not.toContain('<br');
  });

  it('gives embeds their caption and keeps a gallery as one block', () => {
    const out = blocks(gutenberg);
    expect(out[0]).toEqual({ type: 'paragraph', content: [{ text: 'One line' }] });
    expect(out[1]).toMatchObject({
      type: 'embed',
      video: { provider: 'youtube' },
      caption: [{ text: 'Teaser' }],
    });
    expect(out.slice(2)).toEqual([
      {
        type: 'gallery',
        images: [
          { src: '/a.png', alt: 'A' },
          { src: '/b.png', alt: 'B', caption: [{ text: 'Bee' }] },
        ],
      },
    ]);
  });

  it('drops <!--more--> and <!--nextpage--> markers', () => {
    expect(blocks('Before\n\n<!--more-->\n\nAfter<!--nextpage-->')).toHaveLength(2);
  });
});
