import { describe, expect, it } from 'vitest';
import { redactUrl, withLogRedaction } from './log-redact.js';

describe('redactUrl', () => {
  it.each([
    ['/admin/preview/12.1700000000000.abc_DEF-123', '/admin/preview/[redacted]'],
    ['/admin/preview/12.17.abc/extra?x=1', '/admin/preview/[redacted]/extra?x=1'],
    ['/comments/unsubscribe?token=aaa.bbb', '/comments/unsubscribe?token=[redacted]'],
    ['/x?page=2&TOKEN=s&token=t&q=token', '/x?page=2&TOKEN=[redacted]&token=[redacted]&q=token'],
    ['/x?%74oken=s', '/x?%74oken=[redacted]'],
    ['/x?key=s&api_key=t&signature=u', '/x?key=[redacted]&api_key=[redacted]&signature=[redacted]'],
    ['/admin/reset-password#secret', '/admin/reset-password#[redacted]'],
    ['/x?%E0%A4%A=1&token', '/x?%E0%A4%A=1&token'],
    ['/news/a-slug?cpage=2', '/news/a-slug?cpage=2'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('withLogRedaction', () => {
  it('leaves logging off, and keeps the other options and serializers', () => {
    expect(withLogRedaction(false)).toBe(false);
    const article = (value: unknown) => value;
    const options = withLogRedaction({ level: 'warn', serializers: { article } });
    expect(options).toMatchObject({ level: 'warn', serializers: { article } });
  });
});
