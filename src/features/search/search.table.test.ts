import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { DIALECTS } from '../../../test/helpers/db.js';
import { createApiKey } from '../auth/index.js';

/*
 * Issue 20's search table: what readers type, and the first result each must give (rank 1 of
 * `results`, best first whatever the kind). The names, shows and articles are written for this
 * test. Run on SQLite, and on PostgreSQL with DEHO_TEST_DIALECT=postgres.
 */

const STAMP = '2026-11-01T00:00:00.000Z';

const PEOPLE: [slug: string, name: string, ko: string | null, aliases: string[], bio: string][] = [
  ['iu', 'IU', '아이유', ['Lee Ji-eun', '이지은'], 'Singer-songwriter and actress.'],
  ['lee-jae-wook', 'Lee Jae-wook', '이재욱', [], 'Actor who played Jang Uk in Alchemy of Souls.'],
  ['go-yoon-jung', 'Go Yoon-jung', '고윤정', [], 'Actress, Alchemy of Souls part 2.'],
  ['hwang-min-hyun', 'Hwang Min-hyun', '황민현', ['Minhyun'], 'Singer and actor.'],
  ['arin', 'Arin', '아린', ['Choi Ye-won', '최예원'], 'Member of Oh My Girl, actress.'],
  ['seo-yul', 'Seo Yul', '서율', [], 'Newcomer.'],
  ['shin-min-a', 'Shin Min-a', '신민아', [], 'Actress.'],
  ['jang-yun-ju', 'Jang Yun-ju', '장윤주', [], 'Model and actress.'],
  ['park-seo-joon', 'Park Seo-joon', '박서준', [], 'Actor.'],
  ['jung-so-min', 'Jung So-min', '정소민', [], 'Actress who played Naksu.'],
  ['yoo-in-soo', 'Yoo In-soo', '유인수', [], 'Actor.'],
  ['kim-hee-sun', 'Kim Hee-sun', '김희선', [], 'Actress.'],
  ['jisoo', 'Jisoo', '지수', ['Kim Ji-soo', '김지수'], 'Member of Blackpink.'],
];
const GROUPS: [slug: string, name: string, ko: string | null, aliases: string[]][] = [
  ['oh-my-girl', 'Oh My Girl', '오마이걸', ['OMG']],
  ['blackpink', 'Blackpink', '블랙핑크', []],
  ['twice', 'Twice', '트와이스', []],
];
const SHOWS: [slug: string, title: string, ko: string, parts: [string, string][]][] = [
  ['alchemy-of-souls', 'Alchemy of Souls', '환혼', [['Light and Shadow', '빛과 그림자']]],
  ['moving', 'Moving', '무빙', []],
  ['our-blues', 'Our Blues', '우리들의 블루스', []],
  ['little-women', 'Little Women', '작은 아씨들', []],
];
const CHARACTERS: [show: string, slug: string, name: string, ko: string, actor: string][] = [
  ['alchemy-of-souls', 'jang-uk', 'Jang Uk', '장욱', 'lee-jae-wook'],
  ['alchemy-of-souls', 'naksu', 'Naksu', '낙수', 'jung-so-min'],
  ['alchemy-of-souls', 'park-dang-gu', 'Park Dang-gu', '박당구', 'yoo-in-soo'],
  ['moving', 'kim-bong-seok', 'Kim Bong-seok', '김봉석', 'park-seo-joon'],
];
const ARTICLES: [title: string, body: string][] = [
  ['Ratings climb for the fantasy finale', 'A quiet week on the charts, then a surge.'],
  ['Rehearsal photos from the set', 'The cast laughs between takes at the read-through.'],
  ['Soundtrack album arrives in December', 'Eleven songs, two of them sung by the cast.'],
];

/** [query, expected first result as "kind:slug"]. */
const TABLE: [string, string][] = [
  // Names as written, and their forms.
  ['Lee Jae-wook', 'person:lee-jae-wook'],
  ['lee jae wook', 'person:lee-jae-wook'],
  ['leejaewook', 'person:lee-jae-wook'],
  ['Jae-wook Lee', 'person:lee-jae-wook'],
  ['이재욱', 'person:lee-jae-wook'],
  ['재욱', 'person:lee-jae-wook'],
  ['ㅇㅈㅇ', 'person:lee-jae-wook'],
  ['Go Yoon-jung', 'person:go-yoon-jung'],
  ['고윤정', 'person:go-yoon-jung'],
  ['ㄱㅇㅈ', 'person:go-yoon-jung'],
  // Possessives.
  ["Lee Jae Wook's", 'person:lee-jae-wook'],
  ['Lee Jae-wook’s', 'person:lee-jae-wook'],
  ['Go Yoon Jung’s', 'person:go-yoon-jung'],
  ["Go Yoon Jung's", 'person:go-yoon-jung'],
  ["Oh My Girl's Arin", 'person:arin'],
  ['Oh My Girl’s Arin', 'person:arin'],
  ["Hwang Min-hyun's", 'person:hwang-min-hyun'],
  ["Blackpink's Jisoo", 'person:jisoo'],
  ["Alchemy of Souls' finale", 'show:alchemy-of-souls'],
  // Particles and unspaced Hangul.
  ['이재욱이', 'person:lee-jae-wook'],
  ['이재욱의', 'person:lee-jae-wook'],
  ['이재욱은', 'person:lee-jae-wook'],
  ['고윤정의', 'person:go-yoon-jung'],
  ['고윤정이', 'person:go-yoon-jung'],
  ['빛과그림자', 'show:alchemy-of-souls'],
  ['빛과 그림자', 'show:alchemy-of-souls'],
  ['이재욱고윤정', 'person:lee-jae-wook'],
  ['고윤정이재욱', 'person:go-yoon-jung'],
  ['환혼에서', 'show:alchemy-of-souls'],
  ['장욱이', 'character:jang-uk'],
  // Romanization variants generated from the Hangul.
  ['Yi Jae-uk', 'person:lee-jae-wook'],
  ['Rhee Jae Wook', 'person:lee-jae-wook'],
  ['Ri Jae-uk', 'person:lee-jae-wook'],
  ['Lee Jaeuk', 'person:lee-jae-wook'],
  ['Ko Yoon-jung', 'person:go-yoon-jung'],
  ['Ko Yun Jeong', 'person:go-yoon-jung'],
  ['Seo Youl', 'person:seo-yul'],
  ['Shin Min Ah', 'person:shin-min-a'],
  ['Jang Yoon Joo', 'person:jang-yun-ju'],
  ['Pak Seo-jun', 'person:park-seo-joon'],
  ['Bak Seojoon', 'person:park-seo-joon'],
  ['Chung So-min', 'person:jung-so-min'],
  ['Jeong Somin', 'person:jung-so-min'],
  ['Kim Heui-sun', 'person:kim-hee-sun'],
  ['Yu In-su', 'person:yoo-in-soo'],
  ['Hwang Minhyeon', 'person:hwang-min-hyun'],
  // Typos.
  ['Alchemy of Sous', 'show:alchemy-of-souls'],
  ['Hwang Min Hyn', 'person:hwang-min-hyun'],
  ['Lee Jae Wok', 'person:lee-jae-wook'],
  ['Go Yon-jung', 'person:go-yoon-jung'],
  ['Alchemy of Sould', 'show:alchemy-of-souls'],
  ['Blakpink', 'group:blackpink'],
  // Groups.
  ['Oh My Girl', 'group:oh-my-girl'],
  ['오마이걸', 'group:oh-my-girl'],
  ['Blackpink', 'group:blackpink'],
  ['블랙핑크', 'group:blackpink'],
  ['Twice', 'group:twice'],
  // Best match first, whatever its kind.
  ['Jang Uk', 'character:jang-uk'],
  ['장욱', 'character:jang-uk'],
  ['Alchemy of Soul', 'show:alchemy-of-souls'],
  ['Alchemy of Souls', 'show:alchemy-of-souls'],
  ['환혼', 'show:alchemy-of-souls'],
  ['Naksu', 'character:naksu'],
  ['Moving', 'show:moving'],
  ['Our Blues', 'show:our-blues'],
  ['Little Women', 'show:little-women'],
  ['Park Dang-gu', 'character:park-dang-gu'],
  // Stage and common names above legal names.
  ['IU', 'person:iu'],
  ['아이유', 'person:iu'],
  ['Lee Ji-eun', 'person:iu'],
  ['Arin', 'person:arin'],
  ['Jisoo', 'person:jisoo'],
  // Articles still come first when nothing is named.
  ['rehearsal photos', 'article:rehearsal-photos-from-the-set'],
  ['soundtrack december', 'article:soundtrack-album-arrives-in-december'],
];

interface Hit {
  type: string;
  slug: string;
  url: string;
}
interface Answer {
  results: Hit[];
  meta: { suggestion: string | null };
}

describe.each(DIALECTS)('search table of issue 20 (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ dialect, demo: false, now: new Date('2026-11-26T12:00:00Z') });
    const db = t.db;
    const id = new Map<string, number>();
    for (const [slug, name, ko, aliases, bio] of PEOPLE) {
      const row = await db
        .insertInto('people')
        .values({
          slug,
          name,
          name_ko: ko,
          aliases: JSON.stringify(aliases),
          bio,
          created_at: STAMP,
          updated_at: STAMP,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id.set(`person:${slug}`, row.id);
    }
    for (const [slug, name, ko, aliases] of GROUPS) {
      const row = await db
        .insertInto('groups')
        .values({
          slug,
          name,
          name_ko: ko,
          aliases: JSON.stringify(aliases),
          created_at: STAMP,
          updated_at: STAMP,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id.set(`group:${slug}`, row.id);
    }
    for (const [slug, title, ko, parts] of SHOWS) {
      const row = await db
        .insertInto('shows')
        .values({ slug, title, title_ko: ko, created_at: STAMP, updated_at: STAMP })
        .returning('id')
        .executeTakeFirstOrThrow();
      id.set(`show:${slug}`, row.id);
      for (const [i, [subtitle, subtitleKo]] of parts.entries()) {
        await db
          .insertInto('parts')
          .values({
            show_id: row.id,
            number: i + 1,
            title: `Part ${i + 1}`,
            subtitle,
            subtitle_ko: subtitleKo,
            time_skip_note: null,
            created_at: STAMP,
            updated_at: STAMP,
          })
          .execute();
      }
    }
    for (const [show, slug, name, ko, actor] of CHARACTERS) {
      const showId = id.get(`show:${show}`) ?? 0;
      const row = await db
        .insertInto('characters')
        .values({ show_id: showId, slug, name, name_ko: ko, created_at: STAMP, updated_at: STAMP })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('credits')
        .values({
          person_id: id.get(`person:${actor}`) ?? 0,
          show_id: showId,
          part_id: null,
          character_id: row.id,
          kind: 'cast',
          role: 'lead',
        })
        .execute();
    }
    const auth = {
      authorization: `Bearer ${(await createApiKey(db, t.clock, { name: 'ed', role: 'editor' })).key}`,
    };
    for (const [title, body] of ARTICLES) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/v1/articles',
        headers: auth,
        payload: { article: { title, html: `<p>${body}</p>`, status: 'published' } },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const first = async (query: string) => {
    const res = await t.app.inject(`/api/content/v1/search?q=${encodeURIComponent(query)}`);
    expect(res.statusCode).toBe(200);
    const answer = res.json<Answer>();
    const top = answer.results[0];
    return { top: top === undefined ? 'nothing' : `${top.type}:${top.slug}`, answer };
  };

  it(`has at least 60 queries`, () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(TABLE)('%s → %s at rank 1', async (query, expected) => {
    expect((await first(query)).top).toBe(expected);
  });

  it('says "Did you mean" in the API and on the page for a typo', async () => {
    expect((await first('Alchemy of Sous')).answer.meta.suggestion).toBe('Alchemy of Souls');
    expect((await first('Lee Jae Wok')).answer.meta.suggestion).toBe('Lee Jae-wook');
    expect((await first('Lee Jae-wook')).answer.meta.suggestion).toBeNull();
    const page = await t.app.inject(`/search?q=${encodeURIComponent('Hwang Min Hyn')}`);
    expect(page.body).toMatch(
      /Did you mean <a href="\/search\?q=Hwang%20Min-hyun">Hwang Min-hyun<\/a>\?/u,
    );
  });

  it('links a character to its place on the show page, and lists the best match first on the page', async () => {
    const { answer } = await first('Jang Uk');
    expect(answer.results[0]?.url).toMatch(/\/shows\/alchemy-of-souls#character-jang-uk$/u);
    const show = await t.app.inject('/shows/alchemy-of-souls');
    expect(show.body).toContain('id="character-jang-uk"');
    const page = await t.app.inject(`/search?q=${encodeURIComponent('Jang Uk')}`);
    const firstLink =
      /class="search-entity__name"[^>]*>|<a href="([^"]+)" class="search-entity__name"/u.exec(
        page.body,
      );
    expect(firstLink?.[1]).toBe('/shows/alchemy-of-souls#character-jang-uk');
  });
});
