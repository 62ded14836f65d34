import { describe, expect, it } from 'vitest';
import { safeLinkHref } from '../../../features/articles/index.js';
import { linkTarget } from './link-target.js';

describe('linkTarget', () => {
  it('completes the addresses writers paste as browsers show them', () => {
    expect(linkTarget('example.com/x')).toEqual({ href: 'https://example.com/x' });
    expect(linkTarget('  www.tvn.co.kr ')).toEqual({ href: 'https://www.tvn.co.kr' });
    expect(linkTarget('netflix.com/title/81568411?s=a#top')).toEqual({
      href: 'https://netflix.com/title/81568411?s=a#top',
    });
    expect(linkTarget('localhost.test:8080/a')).toEqual({ href: 'https://localhost.test:8080/a' });
    expect(linkTarget('뉴스.한국/기사')).toEqual({ href: 'https://뉴스.한국/기사' });
    expect(linkTarget('press@tvn.co.kr')).toEqual({ href: 'mailto:press@tvn.co.kr' });
  });

  it('keeps what is already a link', () => {
    for (const href of [
      'https://example.com/drama',
      'http://example.com',
      'mailto:a@b.kr',
      'tel:+82-2-123',
      '/shows/alchemy-of-souls',
      '#cast',
    ]) {
      expect(linkTarget(href)).toEqual({ href });
    }
  });

  it('refuses what would never be published, saying what is accepted', () => {
    for (const typed of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      '//evil.example/x',
      'https://',
      'example',
      'two words.com',
      '',
      '   ',
    ]) {
      const target = linkTarget(typed);
      expect('problem' in target, typed).toBe(true);
    }
    const refused = linkTarget('javascript:alert(1)');
    expect('problem' in refused && refused.problem).toContain('https://');
  });

  it('gives only targets the server publishes', () => {
    for (const typed of ['example.com/x', 'www.a.kr', 'a@b.kr', '/x', '#y', 'https://x.kr']) {
      const target = linkTarget(typed);
      if (!('href' in target)) throw new Error(typed);
      expect(safeLinkHref(target.href), typed).toBe(target.href);
    }
  });
});
