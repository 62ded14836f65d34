import { describe, expect, it } from 'vitest';
import { AUTO_CONFIDENCE, Linker, type EntityRef, type NameEntry } from './linker.js';
import { partVariants, personVariants, titleVariants } from './variants.js';

/*
 * A corpus written for Deho (issue 20): sentences in English and Korean of the kind K-drama and
 * K-pop news prints, each with the links it should get. Confident links (at or above
 * AUTO_CONFIDENCE, the ones applied without an editor) are scored for precision and recall.
 */

type Kind = 'person' | 'group' | 'show' | 'character';
const ENTITIES: [Kind, number, string, string | null, string[]][] = [
  ['person', 1, 'Lee Jae-wook', '이재욱', []],
  ['person', 2, 'Go Yoon-jung', '고윤정', []],
  ['person', 3, 'Jin', '진', ['Kim Seok-jin', '김석진']],
  ['person', 4, 'Jisoo', '지수', ['Kim Ji-soo']],
  ['person', 5, 'Jungkook', '정국', ['Jeon Jung-kook']],
  ['person', 6, 'YooA', '유아', ['Yoo Shi-ah']],
  ['person', 7, 'IU', '아이유', ['Lee Ji-eun', '이지은']],
  ['person', 8, 'RM', null, ['Kim Nam-joon']],
  ['person', 9, 'Jung So-min', '정소민', []],
  ['group', 20, 'BTS', '방탄소년단', []],
  ['group', 21, 'Blackpink', '블랙핑크', []],
  ['group', 22, 'Twice', '트와이스', []],
  ['group', 23, 'Oh My Girl', '오마이걸', []],
  ['group', 24, '2NE1', '투애니원', []],
  ['person', 25, 'CL', '씨엘', ['Lee Chae-rin']],
  ['show', 30, 'Alchemy of Souls', '환혼', []],
  ['show', 31, 'No Other Choice', '어쩔수가없다', []],
  ['show', 32, 'Law School', '로스쿨', []],
  ['show', 33, 'Little Women', '작은 아씨들', []],
  ['show', 34, 'Our Blues', '우리들의 블루스', []],
  ['show', 35, 'Live On', '라이브온', []],
  ['character', 40, 'Jang Uk', '장욱', []],
];
const RELATIONS: [EntityRef, EntityRef][] = [
  [
    { type: 'person', id: 3 },
    { type: 'group', id: 20 },
  ],
  [
    { type: 'person', id: 5 },
    { type: 'group', id: 20 },
  ],
  [
    { type: 'person', id: 8 },
    { type: 'group', id: 20 },
  ],
  [
    { type: 'person', id: 4 },
    { type: 'group', id: 21 },
  ],
  [
    { type: 'person', id: 6 },
    { type: 'group', id: 23 },
  ],
  [
    { type: 'person', id: 25 },
    { type: 'group', id: 24 },
  ],
  [
    { type: 'person', id: 1 },
    { type: 'show', id: 30 },
  ],
  [
    { type: 'person', id: 2 },
    { type: 'show', id: 30 },
  ],
  [
    { type: 'person', id: 9 },
    { type: 'show', id: 30 },
  ],
  [
    { type: 'person', id: 1 },
    { type: 'character', id: 40 },
  ],
  [
    { type: 'character', id: 40 },
    { type: 'show', id: 30 },
  ],
];

/** The two parts of Alchemy of Souls, named as the name dictionary names parts. */
const PARTS: NameEntry[] = [1, 2].flatMap((number) => {
  const variants = partVariants(
    { title: 'Alchemy of Souls', titleKo: '환혼' },
    {
      number,
      title: `Part ${number}`,
      subtitle: number === 2 ? 'Light and Shadow' : null,
      subtitleKo: number === 2 ? '빛과 그림자' : null,
    },
  );
  const name = variants[0]?.surface ?? '';
  return variants.map((v) => ({
    type: 'show' as const,
    id: 30,
    name,
    surface: v.surface,
    source: v.source,
  }));
});

function entries(): NameEntry[] {
  return [
    ...PARTS,
    ...ENTITIES.flatMap(([type, id, name, ko, aliases]) => {
      const variants =
        type === 'person' || type === 'character'
          ? personVariants(name, ko, aliases)
          : titleVariants(name, ko, aliases);
      return variants.map((v) => ({ type, id, name, surface: v.surface, source: v.source }));
    }),
  ];
}

/** [sentence, expected confident links as "text→kind:id"]. */
const CORPUS: [string, string[]][] = [
  // Names and their spellings.
  [
    'Lee Jae-wook and Go Yoon-jung return for the finale.',
    ['Lee Jae-wook→person:1', 'Go Yoon-jung→person:2'],
  ],
  ['Fans spotted Lee Jae Wook’s new haircut at the airport.', ['Lee Jae Wook→person:1']],
  ['Yi Jae-uk, as one caption spelled him, waved to the crowd.', ['Yi Jae-uk→person:1']],
  ['Ko Yoon-jung signed with a new agency this week.', ['Ko Yoon-jung→person:2']],
  ['이재욱이 고윤정과 함께 촬영장에 도착했다.', ['이재욱→person:1', '고윤정→person:2']],
  ['고윤정의 새 드라마가 다음 달 방송된다.', ['고윤정→person:2']],
  // Punctuation: a name never spans a sentence end, a bracket or a closing quote.
  ['They loved Alchemy of Souls. Part 1 of the review follows.', ['Alchemy of Souls→show:30']],
  [
    'The cast of Alchemy of Souls (part 2 aired in December) met fans.',
    ['Alchemy of Souls→show:30'],
  ],
  ['“Alchemy of Souls” Part 1 was a hit for the channel.', ['Alchemy of Souls→show:30']],
  [
    'Lee Jae-wook played Jang Uk in Alchemy of Souls.',
    ['Lee Jae-wook→person:1', 'Jang Uk→character:40', 'Alchemy of Souls→show:30'],
  ],
  // Ordinary words that are also titles and names need evidence.
  ['No other choice was left to the committee.', []],
  ['Twice a week, the crew met before dawn.', []],
  ['Law school applications rose this spring.', []],
  ['Little women and men lined up outside the cinema.', []],
  ['Our blues are the colours of the sea, the director said.', []],
  ['Live on the radio, the singer laughed.', []],
  [
    'Critics praised Park Chan-wook’s No Other Choice at the festival.',
    ['No Other Choice→show:31'],
  ],
  ['She rewatched “Law School” during the break.', ['Law School→show:32']],
  ['The writer of Little Women returns with a thriller.', ['Little Women→show:33']],
  ['Viewers in Jeju loved Our Blues for its ensemble.', ['Our Blues→show:34']],
  ['Fans of TWICE filled the stadium in Osaka.', ['TWICE→group:22']],
  ['Tickets for Twice sold out in minutes.', ['Twice→group:22']],
  ['지수 값이 하락했다고 통계청이 밝혔다.', []],
  ['정국이 혼란스러운 가운데 국회가 열렸다.', []],
  ['유아 교육 예산이 늘었다.', []],
  ['블랙핑크 지수가 새 앨범을 공개했다.', ['블랙핑크→group:21', '지수→person:4']],
  ['방탄소년단 정국이 솔로 무대를 마쳤다.', ['방탄소년단→group:20', '정국→person:5']],
  ['오마이걸 유아가 팬미팅을 연다.', ['오마이걸→group:23', '유아→person:6']],
  // Short acronyms in capitals with context.
  ['BTS released a new single, and BTS fans celebrated.', ['BTS→group:20', 'BTS→group:20']],
  ['RM of BTS spoke at the exhibition.', ['RM→person:8', 'BTS→group:20']],
  ['IU opened her tour in Seoul; IU thanked the fans twice.', ['IU→person:7', 'IU→person:7']],
  ['CL, formerly of 2NE1, returns to the stage.', ['CL→person:25', '2NE1→group:24']],
  // A family name after a title or before clan/family is not a stage name.
  ['Lady Jin greets the court in the first episode.', []],
  ['The Jin clan ruled the valley for a century.', []],
  ['The Jin family hid the sword.', []],
  ['BTS member Jin enlisted in December.', ['BTS→group:20', 'Jin→person:3']],
];

describe('the linker on a corpus written for Deho', () => {
  const linker = new Linker(entries(), RELATIONS);

  const confident = (text: string) =>
    linker
      .detect(text)
      .filter((m) => m.confidence >= AUTO_CONFIDENCE)
      .map((m) => `${text.slice(m.start, m.end)}→${m.type}:${m.id}`);

  it('has at least 30 sentences in English and Korean', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    expect(CORPUS.some(([s]) => /[\uac00-\ud7a3]/u.test(s))).toBe(true);
  });

  it('links with confidence at precision ≥ 0.99 and recall ≥ 0.97', () => {
    let truePositives = 0;
    let found = 0;
    let expected = 0;
    const misses: string[] = [];
    for (const [text, links] of CORPUS) {
      const got = confident(text);
      found += got.length;
      expected += links.length;
      const left = [...links];
      for (const link of got) {
        const at = left.indexOf(link);
        if (at >= 0) {
          left.splice(at, 1);
          truePositives++;
        } else misses.push(`extra ${link} in “${text}”`);
      }
      for (const link of left) misses.push(`missing ${link} in “${text}”`);
    }
    const precision = found === 0 ? 1 : truePositives / found;
    const recall = expected === 0 ? 1 : truePositives / expected;
    expect({ precision, recall, misses }).toEqual({
      precision: expect.any(Number) as number,
      recall: expect.any(Number) as number,
      misses: [],
    });
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });

  it('links a part by its own name, but never across a full stop, a bracket or a closing quote', () => {
    const span = (text: string) => linker.detect(text).map((m) => text.slice(m.start, m.end));
    expect(span('Alchemy of Souls Part 1 aired.')).toEqual(['Alchemy of Souls Part 1']);
    expect(span('They loved Alchemy of Souls. Part 1 of the review follows.')).toEqual([
      'Alchemy of Souls',
    ]);
    expect(span('Alchemy of Souls (part 2 aired later)')).toEqual(['Alchemy of Souls']);
    expect(span('“Alchemy of Souls” Part 1 was a hit.')).toEqual(['Alchemy of Souls']);
    expect(span('Alchemy of Souls: Light and Shadow')).toEqual([
      'Alchemy of Souls: Light and Shadow',
    ]);
  });

  it('suggests no stage name for a family name after a title or before clan or family', () => {
    for (const text of [
      'Lady Jin greets the court.',
      'The Jin clan ruled.',
      'The Jin family hid it.',
    ]) {
      expect(
        linker.detect(text).filter((m) => m.type === 'person'),
        text,
      ).toEqual([]);
    }
  });

  it.each(CORPUS)('%s', (text, links) => {
    expect(confident(text)).toEqual(links);
  });
});
