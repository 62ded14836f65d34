import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { Block, EntityType, Span } from './blocks.js';
import { createArticle } from './article.service.js';

/**
 * A seeded article is written as of its publication, so that its `updated_at` (its JSON-LD
 * `dateModified`, its sitemap `lastmod`) is its own time, not the moment the demo was seeded.
 */
const asOf =
  (instant: string): Clock =>
  () =>
    new Date(instant);

/*
 * The demo newsroom: the behind-the-scenes story the seed page carried, told in our own words
 * with the same facts and the same (sometimes garbled) spellings news copy uses, plus enough
 * other stories that every list on the site is real. Runs after the drama demo, inside its
 * transaction, and finds shows, people and episodes by slug.
 */

type Part = string | { mention: EntityType; slug: string; text: string };

const mention = (type: EntityType, slug: string, text: string): Part => ({
  mention: type,
  slug,
  text,
});

interface Lookup {
  id(type: EntityType, slug: string): number;
}

function para(lookup: Lookup, ...parts: Part[]): Block {
  const content: Span[] = parts.map((part) =>
    typeof part === 'string'
      ? { text: part }
      : {
          text: part.text,
          mention: { type: part.mention, id: lookup.id(part.mention, part.slug) },
        },
  );
  return { type: 'paragraph', content };
}

async function loadLookup(db: DbOrTrx): Promise<Lookup> {
  const [shows, people, groups] = await Promise.all([
    db.selectFrom('shows').select(['id', 'slug']).execute(),
    db.selectFrom('people').select(['id', 'slug']).execute(),
    db.selectFrom('groups').select(['id', 'slug']).execute(),
  ]);
  const maps: Partial<Record<EntityType, Map<string, number>>> = {
    show: new Map(shows.map((r) => [r.slug, r.id])),
    person: new Map(people.map((r) => [r.slug, r.id])),
    group: new Map(groups.map((r) => [r.slug, r.id])),
  };
  return {
    id(type, slug) {
      const id = maps[type]?.get(slug);
      if (id === undefined) throw new Error(`Demo data has no ${type} "${slug}"`);
      return id;
    },
  };
}

async function insertMedia(db: DbOrTrx, name: string, alt: string, now: string): Promise<number> {
  const row = await db
    .insertInto('media')
    .values({
      path: `/media/demo/${name}.svg`,
      mime: 'image/svg+xml',
      width: 1280,
      height: 720,
      alt,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function episodeId(
  db: DbOrTrx,
  show: string,
  part: number,
  episode: number,
): Promise<number> {
  const row = await db
    .selectFrom('episodes')
    .innerJoin('parts', 'parts.id', 'episodes.part_id')
    .innerJoin('shows', 'shows.id', 'parts.show_id')
    .select('episodes.id')
    .where('shows.slug', '=', show)
    .where('parts.number', '=', part)
    .where('episodes.number', '=', episode)
    .executeTakeFirst();
  if (row === undefined) throw new Error(`Demo data has no episode ${show} ${part}/${episode}`);
  return row.id;
}

/** Seeds the demo author, clip, articles and a few approved reader comments. */
export async function seedArticleDemo(db: DbOrTrx, clock: Clock): Promise<void> {
  const now = clock().toISOString();
  const $ = await loadLookup(db);
  const author = await db
    .insertInto('users')
    .values({
      email: 'newsroom@deho.invalid',
      name: 'Han Da-eun',
      slug: 'han-da-eun',
      role: 'author',
      status: 'invited',
      password_hash: null,
      bio: 'Covers Korean dramas and the people who make them for the Deho demo newsroom.',
      totp_secret: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const poster = await insertMedia(
    db,
    'video-poster',
    'Still from the behind-the-scenes clip: two actors rehearse on a night set',
    now,
  );
  const video = await db
    .insertInto('videos')
    .values({
      title: 'Alchemy of Souls, Part 2: behind the scenes of the kiss scene',
      kind: 'behind_the_scenes',
      provider: 'youtube',
      provider_id: 'aoS2btsKiss',
      url: 'https://www.youtube.com/watch?v=aoS2btsKiss',
      poster_id: poster,
      published_at: '2023-01-04T09:00:00.000Z',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const alchemy = $.id('show', 'alchemy-of-souls');
  for (const person of ['lee-jae-wook', 'go-yoon-jung', 'hwang-min-hyun', 'yoo-in-soo', 'arin']) {
    await db
      .insertInto('video_people')
      .values({ video_id: video.id, person_id: $.id('person', person) })
      .execute();
  }
  await db.insertInto('video_shows').values({ video_id: video.id, show_id: alchemy }).execute();

  const episode9 = await episodeId(db, 'alchemy-of-souls', 2, 9);
  const people = (...slugs: string[]) => slugs.map((s) => $.id('person', s));

  const btsId = await createArticle(db, asOf('2023-01-05T03:30:00.000Z'), {
    slug: 'alchemy-of-souls-part-2-kiss-scene-behind-the-scenes',
    title:
      'Watch: Lee Jae-wook and Go Yoon-jung trade jokes for focus while filming the kiss scene in “Alchemy of Souls, Part 2”',
    dek: 'A new making-of clip follows the cast from a rowdy fight rehearsal to the quiet, carefully planned scene that fans waited two parts for.',
    status: 'published',
    publishedAt: '2023-01-05T03:30:00.000Z',
    authorId: author.id,
    featureImageId: await insertMedia(
      db,
      'bts-kiss-scene',
      'Abstract night-sky artwork in plum and gold for the Alchemy of Souls story',
      now,
    ),
    tags: [{ name: 'Alchemy of Souls' }, { name: 'Behind the scenes' }, { name: 'Video' }],
    showIds: [alchemy],
    personIds: people('lee-jae-wook', 'go-yoon-jung', 'hwang-min-hyun', 'yoo-in-soo', 'arin'),
    groupIds: [$.id('group', 'oh-my-girl')],
    body: [
      para(
        $,
        mention('show', 'alchemy-of-souls', '“Alchemy of Souls, Part 2”'),
        ' has opened the doors of its set once more, this time for the scene in which ',
        mention('person', 'lee-jae-wook', 'Lee Jae-wook'),
        ' and ',
        mention('person', 'go-yoon-jung', 'Go Yoon-jung'),
        ' finally share a kiss.',
      ),
      para(
        $,
        'The drama is set in Daeho, a country that exists only on the map of the story, where a forbidden spell lets a soul move into another body. The first part won viewers over in the summer, and the second part arrived last month, picking the story up three years after the first part ended.',
      ),
      para(
        $,
        'The clip opens on a fight rehearsal. Lee Jae-wook and ',
        mention('person', 'hwang-min-hyun', 'Hwang Minhyun'),
        ' swap suggestions for every move, and the two are plainly enjoying the work. ',
        mention('person', 'yoo-in-soo', 'Yoo In-soo'),
        ' soon wanders in, and talk turns to a fan meeting Lee Jae-wook has coming up. Yoo In-soo promises he would turn up “even if you hold a fan meeting in Malaysia”, which leaves his co-star with a recording to hold him to it.',
      ),
      para(
        $,
        'The teasing does not stop there. Lee Jae-wook points the camera at Yoo In-soo’s permanent grin and explains that ever since Dan Gu [Yoo In-soo] shot his kiss scene with Cho Yong [',
        mention('person', 'arin', 'Arin'),
        ' from ',
        mention('group', 'oh-my-girl', 'Oh My Girl'),
        '], his cheeks have refused to come back down. Later, while Yoo In-soo films another scene with Arin, Go Yoon Jung calls out from behind the monitors to ask why his ears have turned so red, and the whole crew dissolves into laughter.',
      ),
      para(
        $,
        'Next comes an argument scene, rehearsed with the director. Go Yoon Jung throws herself into her character’s anger, while Lee Jae Wook cannot keep a straight face. Asked what is so funny, Lee Jae Wook grins that it is the first time she has ever been this angry with him, and that he finds it adorable.',
      ),
      para(
        $,
        'In another scene the other characters crowd around to nurse Hwang Minhyun’s ailing character, who lies with his shirt open. He calls it “an unplanned exposure”, then asks the director what would have happened if he had a belly; the director answers that the scene would have been shot all the same, and Hwang Minhyun bursts out laughing.',
      ),
      para(
        $,
        'The last part of the clip belongs to the kiss that follows the moment their characters admit how they feel. The two actors talk it through at length and try one idea after another before the cameras roll. The care pays off: the shoot runs smoothly and the result is one of the most talked-about scenes of the season.',
      ),
      { type: 'paragraph', content: [{ text: 'Watch the full clip below.', marks: ['bold'] }] },
      { type: 'video', videoId: video.id },
      para($, 'The next episode of “Alchemy of Souls, Part 2” airs on tvN and streams on Netflix:'),
      { type: 'airtime', episodeId: episode9 },
    ],
  });

  await createArticle(db, asOf('2022-12-10T13:40:00.000Z'), {
    title: '“Alchemy of Souls” returns three years on with Part 2, “Light and Shadow”',
    dek: 'The fantasy drama’s second part jumps ahead three years and brings Go Yoon-jung into the story as Jin Bu-yeon.',
    status: 'published',
    publishedAt: '2022-12-10T13:40:00.000Z',
    authorId: author.id,
    featureImageId: await insertMedia(
      db,
      'light-and-shadow',
      'Abstract artwork in deep blue and sand tones',
      now,
    ),
    tags: [{ name: 'Alchemy of Souls' }, { name: 'Premieres' }],
    showIds: [alchemy],
    personIds: people('lee-jae-wook', 'go-yoon-jung'),
    body: [
      para(
        $,
        'tvN’s fantasy drama is back. Part 2 of ',
        mention('show', 'alchemy-of-souls', 'Alchemy of Souls'),
        ', subtitled “Light and Shadow” (환혼: 빛과 그림자), premiered on Saturday night, three months after the first part ended.',
      ),
      para(
        $,
        'The story resumes three years after the events of Part 1. ',
        mention('person', 'lee-jae-wook', 'Lee Jae-wook'),
        ' returns as Jang Uk, now a feared sorcerer, and ',
        mention('person', 'go-yoon-jung', 'Go Yoon-jung'),
        ' joins the cast as Jin Bu-yeon, a young woman with no memory of who she is.',
      ),
      para(
        $,
        'The second part runs for ten episodes, airing on Saturdays and Sundays at 21:10 Korean time, with the finale set for 8 January 2023. International viewers can follow it on Netflix.',
      ),
    ],
  });

  await createArticle(db, asOf('2022-12-14T08:00:00.000Z'), {
    title: 'Who is who in “Alchemy of Souls”: the cast and the characters they play',
    dek: 'From Jang Uk to Park Dang-gu, a guide to the faces of Daeho across both parts of the drama.',
    status: 'published',
    publishedAt: '2022-12-14T08:00:00.000Z',
    authorId: author.id,
    featureImageId: await insertMedia(
      db,
      'cast-guide',
      'Abstract artwork in violet and peach tones',
      now,
    ),
    tags: [{ name: 'Alchemy of Souls' }, { name: 'Guides' }],
    showIds: [alchemy],
    personIds: people(
      'lee-jae-wook',
      'go-yoon-jung',
      'jung-so-min',
      'hwang-min-hyun',
      'yoo-in-soo',
      'arin',
      'shin-seung-ho',
    ),
    groupIds: [$.id('group', 'oh-my-girl'), $.id('group', 'nuest'), $.id('group', 'wanna-one')],
    body: [
      para($, 'Two parts, one large ensemble. Here is who plays whom.'),
      {
        type: 'list',
        ordered: false,
        items: [
          [
            {
              text: 'Lee Jae-wook',
              mention: { type: 'person', id: $.id('person', 'lee-jae-wook') },
            },
            { text: ' plays Jang Uk, the hero of both parts.' },
          ],
          [
            { text: 'Jung So-min', mention: { type: 'person', id: $.id('person', 'jung-so-min') } },
            { text: ' plays Mu-deok in Part 1.' },
          ],
          [
            {
              text: 'Go Yoon-jung',
              mention: { type: 'person', id: $.id('person', 'go-yoon-jung') },
            },
            { text: ' plays Jin Bu-yeon in Part 2.' },
          ],
          [
            {
              text: 'Hwang Min-hyun',
              mention: { type: 'person', id: $.id('person', 'hwang-min-hyun') },
            },
            { text: ' (of NU’EST and Wanna One) plays Seo Yul.' },
          ],
          [
            { text: 'Yoo In-soo', mention: { type: 'person', id: $.id('person', 'yoo-in-soo') } },
            { text: ' plays Park Dang-gu.' },
          ],
          [
            { text: 'Arin', mention: { type: 'person', id: $.id('person', 'arin') } },
            { text: ' of Oh My Girl plays Jin Cho-yeon.' },
          ],
          [
            {
              text: 'Shin Seung-ho',
              mention: { type: 'person', id: $.id('person', 'shin-seung-ho') },
            },
            { text: ' plays Go Won.' },
          ],
        ],
      },
      para(
        $,
        'The drama is written by the Hong sisters, Hong Jung-eun and Hong Mi-ran, and directed by Park Joon-hwa.',
      ),
    ],
  });

  await createArticle(db, asOf('2022-12-17T02:00:00.000Z'), {
    title: 'Where to watch “Alchemy of Souls” outside Korea',
    dek: 'Both parts air on tvN at home and stream on Netflix around the world; here is how the times line up.',
    status: 'published',
    publishedAt: '2022-12-17T02:00:00.000Z',
    authorId: author.id,
    featureImageId: await insertMedia(db, 'where-to-watch', 'Abstract artwork in green tones', now),
    tags: [{ name: 'Alchemy of Souls' }, { name: 'Guides' }],
    showIds: [alchemy],
    body: [
      para(
        $,
        mention('show', 'alchemy-of-souls', 'Alchemy of Souls'),
        ' airs on tvN on Saturdays and Sundays at 21:10 Korean time (12:10 UTC). Netflix adds each episode shortly after the broadcast in most regions.',
      ),
      para(
        $,
        'That means Saturday morning in the Americas, early Saturday afternoon in Europe and late Saturday night in Australia. Every air time on this site is also shown in your own time zone.',
      ),
    ],
  });

  await createArticle(db, asOf('2023-01-08T14:30:00.000Z'), {
    title: '“Alchemy of Souls” ends its two-part run with the Part 2 finale',
    dek: 'Thirty episodes after it began, the fantasy epic closes on 8 January 2023.',
    status: 'published',
    publishedAt: '2023-01-08T14:30:00.000Z',
    authorId: author.id,
    featureImageId: await insertMedia(db, 'finale', 'Abstract artwork in amber tones', now),
    tags: [{ name: 'Alchemy of Souls' }, { name: 'Finales' }],
    showIds: [alchemy],
    personIds: people('lee-jae-wook', 'go-yoon-jung'),
    body: [
      para(
        $,
        'The last episode of ',
        mention('show', 'alchemy-of-souls', 'Alchemy of Souls: Light and Shadow'),
        ' aired on Sunday night, bringing the story that began in June 2022 to a close after twenty episodes in Part 1 and ten in Part 2.',
      ),
      para($, 'Both parts remain available to stream on Netflix.'),
    ],
  });

  await seedFictionalShowArticle(db, clock, author.id, now);

  await db
    .insertInto('comments')
    .values(
      [
        [
          'Bora',
          'The red ears moment had me laughing for a full minute.',
          '2023-01-05T05:12:00.000Z',
        ],
        [
          'Mateus from Lisbon',
          'Finally a site that tells me when it airs in MY time zone. Saturday lunch it is!',
          '2023-01-05T09:40:00.000Z',
        ],
        [
          'yuna',
          'Hwang Minhyun asking about the belly 😂 Seo Yul deserved better though.',
          '2023-01-06T01:03:00.000Z',
        ],
      ].map(([name, body, at]) => ({
        article_id: btsId,
        author_name: name as string,
        body: body as string,
        status: 'approved' as const,
        approved_at: at as string,
        created_at: at as string,
        updated_at: at as string,
      })),
    )
    .execute();
}

/** A story about the fictional demo show, dated just before "now" so that the front page is fresh. */
async function seedFictionalShowArticle(db: DbOrTrx, clock: Clock, authorId: number, now: string) {
  const show = await db
    .selectFrom('shows')
    .select(['id', 'title', 'slug'])
    .where('is_fictional', '=', 1)
    .orderBy('id')
    .executeTakeFirst();
  if (show === undefined) return;
  const nextEpisode = await db
    .selectFrom('episodes')
    .innerJoin('parts', 'parts.id', 'episodes.part_id')
    .select('episodes.id')
    .where('parts.show_id', '=', show.id)
    .where('episodes.air_instant', '>', now)
    .orderBy('episodes.air_instant')
    .executeTakeFirst();
  const publishedAt = new Date(clock().getTime() - 2 * 60 * 60 * 1000).toISOString();
  await createArticle(db, asOf(publishedAt), {
    title: `This week in “${show.title}”: what to expect from the next episode`,
    dek: 'Our sample drama is airing right now. This story exists so that the demo always has something on tonight.',
    status: 'published',
    publishedAt,
    authorId,
    featureImageId: await insertMedia(
      db,
      'fictional-premiere',
      'Abstract artwork in indigo tones',
      now,
    ),
    tags: [{ name: 'Demo' }],
    showIds: [show.id],
    body: [
      {
        type: 'paragraph',
        content: [
          { text: show.title, mention: { type: 'show', id: show.id } },
          {
            text: ' is an invented drama that ships with Deho’s demo content. Its episodes are generated around the day you start the demo, so the schedule, the countdown and the calendar always have something to show.',
          },
        ],
      },
      ...(nextEpisode ? [{ type: 'airtime' as const, episodeId: nextEpisode.id }] : []),
    ],
  });
}
