import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { JsonLd, jsonLdText } from '../../views/components/json-ld.js';

describe('JsonLd', () => {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Person',
    name: 'Evil </script><script>alert(1)</script> <!-- & \u2028\u2029 "quoted"',
  };

  it('cannot be broken out of, and parses back to the same value', () => {
    const text = jsonLdText(data);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(data);
    const html = renderToString(<JsonLd data={data} />);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain('<!--');
    const inner = /<script type="application\/ld\+json">(.*)<\/script>/s.exec(html)?.[1] ?? '';
    expect(JSON.parse(inner)).toEqual(data);
  });
});
