import { describe, expect, it } from 'vitest';
import { joinItems, normalize, respan, setLink, splitItems, toggleMark } from './spans.js';
import type { Span } from './types.js';

/** Types `typed` at `at`, as a textarea reports it: the new value and the caret after it. */
function type(spans: Span[], at: number, typed: string): Span[] {
  const text = spans.map((s) => s.text).join('');
  return respan(text.slice(0, at) + typed + text.slice(at), spans, at + typed.length);
}

describe('spans through edits', () => {
  const marked: Span[] = [
    { text: 'Lee Jae-wook is ' },
    { text: 'back', marks: ['bold'] },
    { text: ' in a ' },
    { text: 'new drama', href: 'https://example.com/drama' },
    { text: '.' },
  ];

  it('keeps bold and links when text is typed elsewhere, one key at a time', () => {
    let spans = marked;
    for (const [i, ch] of [...'Actor '].entries()) spans = type(spans, i, ch);
    spans = type(spans, spans.map((s) => s.text).join('').length, ' Really.');
    expect(spans).toEqual([
      { text: 'Actor Lee Jae-wook is ' },
      { text: 'back', marks: ['bold'] },
      { text: ' in a ' },
      { text: 'new drama', href: 'https://example.com/drama' },
      { text: '. Really.' },
    ]);
  });

  it('extends bold when typing inside or right after it, and a link only inside it', () => {
    // "back" ends at 20: typing there continues the bold word.
    expect(type(marked, 20, 's')[1]).toEqual({ text: 'backs', marks: ['bold'] });
    // Inside the link ("new| drama") the typed text is linked; right after it, it is not.
    expect(type(marked, 29, 'est')[3]).toEqual({
      text: 'newest drama',
      href: 'https://example.com/drama',
    });
    const after = type(marked, 35, '!');
    expect(after[3]).toEqual({ text: 'new drama', href: 'https://example.com/drama' });
    expect(after[4]).toEqual({ text: '!.' });
  });

  it('keeps the marks on repeated letters where the caret says the typing was', () => {
    const spans: Span[] = [{ text: 'ab', marks: ['bold'] }, { text: 'c' }];
    // "ab|c" + "c" is "abcc": without the caret the new c could be the plain one.
    expect(respan('abcc', spans, 3)).toEqual([{ text: 'abc', marks: ['bold'] }, { text: 'c' }]);
  });

  it('drops a mention whose words are edited, keeps it when the words are untouched', () => {
    const spans: Span[] = [
      { text: 'Lee Jae-wook', mention: { type: 'person', id: 7 } },
      { text: ' stars' },
    ];
    expect(type(spans, 3, 'x')).toEqual([{ text: 'Leex Jae-wook stars' }]);
    expect(type(spans, 12, "'s")).toEqual([
      { text: 'Lee Jae-wook', mention: { type: 'person', id: 7 } },
      { text: "'s stars" },
    ]);
    expect(respan('Actor Lee Jae-wook stars again', spans)).toEqual([
      { text: 'Actor ' },
      { text: 'Lee Jae-wook', mention: { type: 'person', id: 7 } },
      { text: ' stars again' },
    ]);
  });

  it('deletes across styled spans without styling the rest wrongly', () => {
    const text = 'Lee Jae-wook is back in a new drama.';
    // Delete "back in a " (16..26).
    const spans = respan(text.slice(0, 16) + text.slice(26), marked, 16);
    expect(spans).toEqual([
      { text: 'Lee Jae-wook is ' },
      { text: 'new drama', href: 'https://example.com/drama' },
      { text: '.' },
    ]);
    expect(respan('', marked)).toEqual([{ text: '' }]);
  });
});

describe('formatting a selection', () => {
  it('toggles bold on and off, and merges neighbours', () => {
    const plain: Span[] = [{ text: 'one two three' }];
    const bold = toggleMark(plain, 4, 7, 'bold');
    expect(bold).toEqual([{ text: 'one ' }, { text: 'two', marks: ['bold'] }, { text: ' three' }]);
    expect(toggleMark(bold, 4, 7, 'bold')).toEqual(plain);
    // Part bold: the whole selection becomes bold.
    expect(toggleMark(bold, 0, 7, 'bold')).toEqual([
      { text: 'one two', marks: ['bold'] },
      { text: ' three' },
    ]);
    const both = toggleMark(bold, 4, 7, 'italic');
    expect(both[1]).toEqual({ text: 'two', marks: ['bold', 'italic'] });
  });

  it('links and unlinks a selection, keeping its marks', () => {
    const bold = toggleMark([{ text: 'see the clip here' }], 8, 12, 'bold');
    const linked = setLink(bold, 8, 17, '/news/clip');
    expect(linked).toEqual([
      { text: 'see the ' },
      { text: 'clip', marks: ['bold'], href: '/news/clip' },
      { text: ' here', href: '/news/clip' },
    ]);
    expect(setLink(linked, 8, 17, undefined)).toEqual(bold);
  });

  it('edits list items as one text, keeping each item its styles', () => {
    const items: Span[][] = [
      [{ text: 'first', marks: ['italic'] }],
      [{ text: 'second ' }, { text: 'link', href: 'https://example.com' }],
    ];
    const joined = joinItems(items);
    // A new item typed at the start of the second line ("new" and Enter).
    const edited = respan('first\nnew\nsecond link', joined, 10);
    expect(splitItems(edited)).toEqual([
      [{ text: 'first', marks: ['italic'] }],
      [{ text: 'new' }],
      [{ text: 'second ' }, { text: 'link', href: 'https://example.com' }],
    ]);
    expect(normalize([{ text: '' }])).toEqual([{ text: '' }]);
  });
});
