import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { connectDatabase, openSqlite } from '../db/connect.js';
import { migrateTo, migrateToLatest } from '../db/migrate.js';
import { rebuildSearchIndex } from '../features/search/index.js';
import { headline, storyBody, type Mentionable } from './prose.js';
import type { SearchSample } from './searches.js';
import { FAMILY, FAMILY_KO, GIVEN, GIVEN_KO, SENTENCES, WORDS } from './vocabulary.js';

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

/** The demo's pictures, which the generated stories use as feature images and stills. */
const MEDIA = [
  'bts-kiss-scene',
  'light-and-shadow',
  'cast-guide',
  'where-to-watch',
  'finale',
  'fictional-premiere',
];

/** Tags on the site. */
const TAGS = 300;
/** People and shows handed to the search row for its queries. */
const SAMPLE = 100;

interface GeneratedShow {
  title: string;
  characters: Mentionable[];
  episodeIds: number[];
  videoId: number;
}

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
    for (const name of MEDIA) insertMedia.run(`/media/demo/${name}.svg`, stamp);
  });

  const insertPerson = sqlite.prepare(
    `insert into people (slug, name, name_ko, aliases, roles, bio, created_at, updated_at) values (?, ?, ?, '[]', '["actor"]', '', ?, ?)`,
  );
  const personNames: string[] = [];
  const sample = {
    people: [] as { name: string; nameKo: string }[],
    shows: [] as { title: string; titleKo: string }[],
  } satisfies SearchSample;
  run(() => {
    for (let i = 1; i <= size.people; i++) {
      const f = Math.floor(rnd() * FAMILY.length);
      const g1 = Math.floor(rnd() * GIVEN.length);
      const g2 = Math.floor(rnd() * GIVEN.length);
      const name = `${FAMILY[f]} ${GIVEN[g1]}-${(GIVEN[g2] ?? '').toLowerCase()}`;
      personNames.push(name);
      if (i <= SAMPLE)
        sample.people.push({ name, nameKo: `${FAMILY_KO[f]}${GIVEN_KO[g1]}${GIVEN_KO[g2]}` });
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
  const insertVideo = sqlite.prepare(
    `insert into videos (title, kind, provider, provider_id, url, created_at, updated_at) values (?, 'teaser', 'youtube', ?, ?, ?, ?)`,
  );
  const insertVideoShow = sqlite.prepare(
    `insert into video_shows (video_id, show_id) values (?, ?)`,
  );
  const shows: GeneratedShow[] = [];
  const kstNow = DateTime.fromJSDate(now).setZone('Asia/Seoul');
  run(() => {
    for (let s = 1; s <= size.shows; s++) {
      const word = pick(rnd, WORDS);
      const title = `The ${word.charAt(0).toUpperCase()}${word.slice(1)} of ${pick(rnd, WORDS)} ${s}`;
      const show: GeneratedShow = { title, characters: [], episodeIds: [], videoId: 0 };
      shows.push(show);
      if (s <= SAMPLE) sample.shows.push({ title, titleKo: `드라마 ${s}` });
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
        show.episodeIds.push(
          Number(insertEpisode.run(partId, e, air.toUTC().toISO(), stamp, stamp).lastInsertRowid),
        );
      }
      for (let c = 1; c <= 10; c++) {
        const name = `${pick(rnd, GIVEN)} ${pick(rnd, GIVEN)}`;
        const characterId = Number(
          insertCharacter.run(showId, `character-${c}`, name, stamp, stamp).lastInsertRowid,
        );
        show.characters.push({ id: characterId, name });
        insertCredit.run(1 + Math.floor(rnd() * size.people), showId, characterId, c);
      }
      const videoKey = `bench${String(s).padStart(6, '0')}`;
      show.videoId = Number(
        insertVideo.run(
          `${title}: teaser`,
          videoKey,
          `https://www.youtube.com/watch?v=${videoKey}`,
          stamp,
          stamp,
        ).lastInsertRowid,
      );
      insertVideoShow.run(show.videoId, showId);
      if (s % 100 === 0 || s === size.shows) progress('shows', s, size.shows);
    }
  });

  const insertTag = sqlite.prepare(
    `insert into tags (slug, name, created_at, updated_at) values (?, ?, ?, ?)`,
  );
  run(() => {
    for (let t = 1; t <= TAGS; t++) insertTag.run(`tag-${t}`, `Topic ${t}`, stamp, stamp);
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
        const showId = 1 + Math.floor(rnd() * size.shows);
        const show = shows[showId - 1];
        if (show === undefined) throw new Error(`no show ${showId}`);
        const people = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => {
          const id = 1 + Math.floor(rnd() * size.people);
          return { id, name: personNames[id - 1] ?? 'Someone' };
        });
        const lead = people[0] ?? { id: 1, name: 'Someone' };
        const image = 1 + (a % 6);
        const body = storyBody(rnd, {
          people,
          show: { id: showId, name: show.title },
          character: pick(rnd, show.characters),
          episodeId: pick(rnd, show.episodeIds),
          ...(rnd() < 0.6 && { videoId: show.videoId }),
          image: { src: `/media/demo/${MEDIA[image - 1]}.svg`, alt: `A scene from ${show.title}` },
        });
        const publishedAt = new Date(firstPublished + a * step).toISOString();
        insertArticle.run(
          `story-${a}`,
          headline(rnd, lead.name, show.title),
          `${lead.name} and the team behind “${show.title}” on what comes next.`,
          JSON.stringify(body),
          1 + (a % 20),
          publishedAt,
          image,
          publishedAt,
          publishedAt,
        );
        const tagCount = 3 + Math.floor(rnd() * 4);
        for (let t = 0; t < tagCount; t++) insertArticleTag.run(a, 1 + Math.floor(rnd() * TAGS), t);
        insertArticleShow.run(a, showId);
        for (const person of people) insertArticlePerson.run(a, person.id);
      }
    });
    progress('articles', Math.min(from + batch - 1, size.articles), size.articles);
  }

  // Comments follow a long tail, as on a real site: new stories get most, a few old ones many,
  // most none. (The fourth power of a uniform draw puts half of them on the newest 16 %.)
  const insertComment = sqlite.prepare(
    `insert into comments (article_id, depth, author_name, body, status, client_key, approved_at, created_at, updated_at)
     values (?, 0, ?, ?, 'approved', ?, ?, ?, ?)`,
  );
  for (let from = 0; from < size.comments; from += 50_000) {
    run(() => {
      for (let c = from; c < Math.min(from + 50_000, size.comments); c++) {
        const articleId = size.articles - Math.floor(size.articles * rnd() ** 4);
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
    showCount: size.shows,
    personCount: size.people,
    tagCount: TAGS,
    sample,
  };
}
