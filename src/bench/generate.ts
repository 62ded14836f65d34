import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { connectDatabase, openSqlite } from '../db/connect.js';
import { migrateTo, migrateToLatest } from '../db/migrate.js';
import { rebuildSearchIndex } from '../features/search/index.js';

/*
 * Generates a large synthetic site straight into SQLite, for the benchmark. Rows go in through
 * prepared statements in big transactions (synchronous=OFF while generating: a crash here only
 * loses a benchmark fixture), after the real migrations created the schema.
 */

export interface SiteSize {
  articles: number;
  shows: number;
  episodesPerShow: number;
  people: number;
  comments: number;
  /** Shows whose episodes air in the weeks around "now" (the rest have finished). */
  airingShows: number;
}

export const FULL_SIZE: SiteSize = {
  articles: 100_000,
  shows: 1_000,
  episodesPerShow: 30,
  people: 20_000,
  comments: 1_000_000,
  airingShows: 40,
};

export const QUICK_SIZE: SiteSize = {
  articles: 3_000,
  shows: 60,
  episodesPerShow: 30,
  people: 1_000,
  comments: 30_000,
  airingShows: 10,
};

/** A deterministic pseudo-random sequence (mulberry32), so that two runs build the same site. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = [
  'Kim',
  'Lee',
  'Park',
  'Choi',
  'Jung',
  'Kang',
  'Cho',
  'Yoon',
  'Jang',
  'Lim',
  'Han',
  'Oh',
  'Seo',
  'Shin',
  'Kwon',
  'Hwang',
  'Ahn',
  'Song',
  'Yoo',
  'Hong',
];
const FAMILY_KO = [
  '김',
  '이',
  '박',
  '최',
  '정',
  '강',
  '조',
  '윤',
  '장',
  '임',
  '한',
  '오',
  '서',
  '신',
  '권',
  '황',
  '안',
  '송',
  '유',
  '홍',
];
const GIVEN = [
  'Min',
  'Seo',
  'Ji',
  'Hyun',
  'Woo',
  'Jae',
  'Yoon',
  'Soo',
  'Eun',
  'Ha',
  'Joon',
  'Do',
  'Ye',
  'Na',
  'Bin',
  'Won',
  'Young',
  'Hee',
  'Jin',
  'Kyung',
];
const GIVEN_KO = [
  '민',
  '서',
  '지',
  '현',
  '우',
  '재',
  '윤',
  '수',
  '은',
  '하',
  '준',
  '도',
  '예',
  '나',
  '빈',
  '원',
  '영',
  '희',
  '진',
  '경',
];
const WORDS = [
  'moon',
  'ledger',
  'river',
  'crown',
  'secret',
  'garden',
  'doctor',
  'spring',
  'shadow',
  'light',
  'palace',
  'letter',
  'summer',
  'winter',
  'city',
  'heart',
  'law',
  'school',
  'kitchen',
  'star',
];
const VERBS = [
  'opens up about',
  'teases',
  'wraps filming of',
  'joins the cast of',
  'celebrates ratings of',
  'shares photos from',
  'rehearses a key scene in',
  'thanks fans of',
];
const SENTENCES = [
  'The production team released new stills on the official channel this morning.',
  'Viewers praised the chemistry between the two leads in the latest episode.',
  'The drama recorded its highest ratings so far, according to nationwide figures.',
  'Behind the scenes, the cast spent long nights filming on location.',
  'The director explained that the story was planned as a slow build from the start.',
  'Fans gathered outside the set to cheer the actors on between takes.',
  'The next episode is expected to resolve a cliffhanger that divided viewers.',
  'A special broadcast with interviews and unseen footage is planned for the break week.',
];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY && done !== total) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r  ${label.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`,
  );
}

/**
 * The comment-count migration's triggers would update an article row for each of the million
 * generated comments; applied after them, its one backfill statement counts them all at once.
 */
const BEFORE_COMMENT_COUNTS = '2026-12-01T09-00-00_index_comment_replies';

/**
 * Builds a site of the given size in `dataDir` (deho.db), replacing any earlier one.
 * @param now the instant the airing shows are centred on
 * @returns the slugs the benchmark requests
 */
export async function generateSite(dataDir: string, size: SiteSize, now: Date) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const handle = connectDatabase({ dataDir });
  await migrateTo(handle.db, BEFORE_COMMENT_COUNTS);
  await handle.close();

  const sqlite = openSqlite(path.join(dataDir, 'deho.db'));
  sqlite.pragma('synchronous = OFF');
  const rnd = random(20221210);
  const stamp = now.toISOString();
  const run = (fn: () => void) => sqlite.transaction(fn)();

  const insertUser = sqlite.prepare(
    `insert into users (email, name, slug, role, status, created_at, updated_at) values (?, ?, ?, 'author', 'invited', ?, ?)`,
  );
  const insertMedia = sqlite.prepare(
    `insert into media (path, mime, width, height, bytes, alt, created_at) values (?, 'image/svg+xml', 1280, 720, 900, '', ?)`,
  );
  run(() => {
    for (let i = 1; i <= 20; i++)
      insertUser.run(`writer${i}@bench.invalid`, `Writer ${i}`, `writer-${i}`, stamp, stamp);
    for (const name of [
      'bts-kiss-scene',
      'light-and-shadow',
      'cast-guide',
      'where-to-watch',
      'finale',
      'fictional-premiere',
    ]) {
      insertMedia.run(`/media/demo/${name}.svg`, stamp);
    }
  });

  const insertPerson = sqlite.prepare(
    `insert into people (slug, name, name_ko, aliases, roles, bio, created_at, updated_at) values (?, ?, ?, '[]', '["actor"]', '', ?, ?)`,
  );
  const personNames: string[] = [];
  run(() => {
    for (let i = 1; i <= size.people; i++) {
      const f = Math.floor(rnd() * FAMILY.length);
      const g1 = Math.floor(rnd() * GIVEN.length);
      const g2 = Math.floor(rnd() * GIVEN.length);
      const name = `${FAMILY[f]} ${GIVEN[g1]}-${(GIVEN[g2] ?? '').toLowerCase()}`;
      personNames.push(name);
      insertPerson.run(
        `person-${i}`,
        name,
        `${FAMILY_KO[f]}${GIVEN_KO[g1]}${GIVEN_KO[g2]}`,
        stamp,
        stamp,
      );
      if (i % 5000 === 0 || i === size.people) progress('people', i, size.people);
    }
  });

  const insertShow = sqlite.prepare(
    `insert into shows (slug, title, title_ko, aliases, genres, synopsis, created_at, updated_at) values (?, ?, ?, '[]', '["Drama"]', ?, ?, ?)`,
  );
  const insertPart = sqlite.prepare(
    `insert into parts (show_id, number, title, created_at, updated_at) values (?, 1, 'Season 1', ?, ?)`,
  );
  const insertSlot = sqlite.prepare(
    `insert into broadcast_slots (part_id, weekday, local_time, zone) values (?, ?, '21:00', 'Asia/Seoul')`,
  );
  const insertEpisode = sqlite.prepare(
    `insert into episodes (part_id, number, kind, air_instant, zone, created_at, updated_at) values (?, ?, 'regular', ?, 'Asia/Seoul', ?, ?)`,
  );
  const insertCharacter = sqlite.prepare(
    `insert into characters (show_id, slug, name, aliases, description, created_at, updated_at) values (?, ?, ?, '[]', '', ?, ?)`,
  );
  const insertCredit = sqlite.prepare(
    `insert into credits (person_id, show_id, character_id, kind, role, billing) values (?, ?, ?, 'cast', 'lead', ?)`,
  );
  const showTitles: string[] = [];
  const kstNow = DateTime.fromJSDate(now).setZone('Asia/Seoul');
  run(() => {
    for (let s = 1; s <= size.shows; s++) {
      const word = pick(rnd, WORDS);
      const title = `The ${word.charAt(0).toUpperCase()}${word.slice(1)} of ${pick(rnd, WORDS)} ${s}`;
      showTitles.push(title);
      const showId = Number(
        insertShow.run(
          `show-${s}`,
          title,
          `드라마 ${s}`,
          `A generated drama, number ${s}.`,
          stamp,
          stamp,
        ).lastInsertRowid,
      );
      const partId = Number(insertPart.run(showId, stamp, stamp).lastInsertRowid);
      const weekday = s % 7;
      insertSlot.run(partId, weekday);
      insertSlot.run(partId, (weekday + 1) % 7);
      // Airing shows started a few weeks ago; the others ran years back.
      const start =
        s <= size.airingShows
          ? kstNow
              .minus({ weeks: 2 + (s % 6) })
              .set({ hour: 21, minute: 0, second: 0, millisecond: 0 })
          : kstNow
              .minus({ weeks: 30 + ((s * 37) % 500) })
              .set({ hour: 21, minute: 0, second: 0, millisecond: 0 });
      for (let e = 1; e <= size.episodesPerShow; e++) {
        const air = start.plus({ days: Math.floor((e - 1) / 2) * 7 + ((e - 1) % 2) });
        insertEpisode.run(partId, e, air.toUTC().toISO(), stamp, stamp);
      }
      for (let c = 1; c <= 10; c++) {
        const characterId = Number(
          insertCharacter.run(
            showId,
            `character-${c}`,
            `${pick(rnd, GIVEN)} ${pick(rnd, GIVEN)}`,
            stamp,
            stamp,
          ).lastInsertRowid,
        );
        insertCredit.run(1 + Math.floor(rnd() * size.people), showId, characterId, c);
      }
      if (s % 100 === 0 || s === size.shows) progress('shows', s, size.shows);
    }
  });

  const insertTag = sqlite.prepare(
    `insert into tags (slug, name, created_at, updated_at) values (?, ?, ?, ?)`,
  );
  run(() => {
    for (let t = 1; t <= 300; t++) insertTag.run(`tag-${t}`, `Topic ${t}`, stamp, stamp);
  });

  const insertArticle = sqlite.prepare(
    `insert into articles (slug, title, dek, body, author_id, status, published_at, feature_image_id, comments_enabled, created_at, updated_at)
     values (?, ?, ?, ?, ?, 'published', ?, ?, 1, ?, ?)`,
  );
  const insertArticleTag = sqlite.prepare(
    `insert or ignore into article_tags (article_id, tag_id, position) values (?, ?, ?)`,
  );
  const insertArticleShow = sqlite.prepare(
    `insert or ignore into article_shows (article_id, show_id) values (?, ?)`,
  );
  const insertArticlePerson = sqlite.prepare(
    `insert or ignore into article_people (article_id, person_id) values (?, ?)`,
  );
  const firstPublished = now.getTime() - 5 * 365 * 24 * 3600 * 1000;
  const step = (now.getTime() - 3600 * 1000 - firstPublished) / size.articles;
  const batch = 10_000;
  for (let from = 1; from <= size.articles; from += batch) {
    run(() => {
      for (let a = from; a < Math.min(from + batch, size.articles + 1); a++) {
        const personId = 1 + Math.floor(rnd() * size.people);
        const showId = 1 + Math.floor(rnd() * size.shows);
        const person = personNames[personId - 1] ?? 'Someone';
        const show = showTitles[showId - 1] ?? 'a drama';
        const title = `${person} ${pick(rnd, VERBS)} “${show}”`;
        const body = [
          {
            type: 'paragraph',
            content: [
              { text: person, mention: { type: 'person', id: personId } },
              { text: ` ${pick(rnd, SENTENCES)}` },
            ],
          },
          ...Array.from({ length: 6 }, () => ({
            type: 'paragraph',
            content: [
              { text: `${pick(rnd, SENTENCES)} ${pick(rnd, SENTENCES)} ${pick(rnd, SENTENCES)}` },
            ],
          })),
        ];
        const publishedAt = new Date(firstPublished + a * step).toISOString();
        insertArticle.run(
          `story-${a}`,
          title,
          pick(rnd, SENTENCES),
          JSON.stringify(body),
          1 + (a % 20),
          publishedAt,
          1 + (a % 6),
          publishedAt,
          publishedAt,
        );
        for (let t = 0; t < 3; t++) insertArticleTag.run(a, 1 + Math.floor(rnd() * 300), t);
        insertArticleShow.run(a, showId);
        insertArticlePerson.run(a, personId);
        insertArticlePerson.run(a, 1 + Math.floor(rnd() * size.people));
      }
    });
    progress('articles', Math.min(from + batch - 1, size.articles), size.articles);
  }

  // Comments are skewed like real traffic: the newest 1% of stories get half of them.
  const insertComment = sqlite.prepare(
    `insert into comments (article_id, depth, author_name, body, status, client_key, approved_at, created_at, updated_at)
     values (?, 0, ?, ?, 'approved', ?, ?, ?, ?)`,
  );
  const hot = Math.max(1, Math.floor(size.articles / 100));
  for (let from = 0; from < size.comments; from += 50_000) {
    run(() => {
      for (let c = from; c < Math.min(from + 50_000, size.comments); c++) {
        const articleId =
          c % 2 === 0
            ? size.articles - Math.floor(rnd() * hot)
            : 1 + Math.floor(rnd() * size.articles);
        const at = new Date(
          now.getTime() - Math.floor(rnd() * 3600 * 24 * 365) * 1000,
        ).toISOString();
        insertComment.run(
          articleId,
          `Reader ${c % 5000}`,
          pick(rnd, SENTENCES),
          `bench-${c % 5000}`,
          at,
          at,
          at,
        );
      }
    });
    progress('comments', Math.min(from + 50_000, size.comments), size.comments);
  }

  sqlite.pragma('synchronous = FULL');
  sqlite.close();

  const migrator = connectDatabase({ dataDir });
  await migrateToLatest(migrator.db);
  await migrator.close();

  // The search index is built by the app's own indexer, as after an import.
  const indexStart = performance.now();
  const indexer = connectDatabase({ dataDir });
  await rebuildSearchIndex(indexer.db);
  await indexer.close();
  process.stderr.write(
    `  search     indexed in ${((performance.now() - indexStart) / 1000).toFixed(1)} s\n`,
  );

  // No ANALYZE: Deho never runs it, so a user's file has no statistics, and the bench measures
  // that (with its STAT4 samples every article page was 14 % slower, see connect.ts).
  const finish = openSqlite(path.join(dataDir, 'deho.db'));
  finish.pragma('wal_checkpoint(TRUNCATE)');
  finish.close();
  return {
    newestArticle: `story-${size.articles}`,
    articleCount: size.articles,
    airingShow: 'show-1',
    person: personNames[0]?.split(' ')[0] ?? 'Kim',
  };
}
