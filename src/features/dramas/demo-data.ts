/*
 * The demo's facts, in Deho's own words. Alchemy of Souls and its people are real (public facts
 * from DESIGN.md); "Moonlit Ledger", its network, cast and fan meeting are invented, and say so.
 */

export interface DemoPerson {
  slug: string;
  name: string;
  nameKo: string | null;
  aliases: string[];
  roles: ('actor' | 'director' | 'writer' | 'idol' | 'producer')[];
  bio: string;
}

export interface DemoCharacter {
  slug: string;
  name: string;
  nameKo: string | null;
  aliases: string[];
  description: string;
}

export interface DemoCredit {
  person: string;
  character?: string;
  /** Part number when the credit covers that part only. */
  part?: number;
  kind: 'cast' | 'crew';
  role: string;
  billing: number;
}

export const ALCHEMY = {
  slug: 'alchemy-of-souls',
  title: 'Alchemy of Souls',
  titleKo: '환혼',
  aliases: ['Hwanhon', 'Alchemy of Souls: Light and Shadow', 'Alchemy of Soul'],
  genres: ['Fantasy', 'Romance', 'Historical', 'Action'],
  synopsis: [
    'In Daeho, a kingdom that exists on no map, mages draw their strength from water and the great families guard their secrets jealously. The most dangerous secret of all is a forbidden spell that lets a soul slip out of its own body and settle into someone else’s.',
    'Jang Uk, the restless son of a noble house, has been kept from magic all his life. When a feared assassin ends up trapped in the frail body of a servant, he sees his chance: he makes her his teacher. Their lessons drag both of them into royal intrigue, old grudges between the families, and a love neither planned for.',
  ].join('\n\n'),
  parts: [
    {
      number: 1,
      title: 'Part 1',
      subtitle: null,
      subtitleKo: null,
      timeSkipNote: null,
      startDate: '2022-06-18',
      count: 20,
      /** The weekend off: a highlights special and a cast special aired in the slots instead. */
      skipDates: ['2022-08-13', '2022-08-14'],
      specials: [
        {
          date: '2022-08-13',
          title: 'Highlights special',
          note: 'Aired in the regular slot; no new episode that weekend.',
        },
        {
          date: '2022-08-14',
          title: 'Cast special',
          note: 'Aired in the regular slot; no new episode that weekend.',
        },
      ],
    },
    {
      number: 2,
      title: 'Part 2',
      subtitle: 'Light and Shadow',
      subtitleKo: '빛과 그림자',
      timeSkipNote: 'Picks up three years after the end of Part 1.',
      startDate: '2022-12-10',
      count: 10,
      skipDates: [],
      specials: [],
    },
  ],
  /** Saturday and Sunday, 21:10 in Seoul. */
  slots: [
    { weekday: 6, localTime: '21:10', zone: 'Asia/Seoul' },
    { weekday: 0, localTime: '21:10', zone: 'Asia/Seoul' },
  ],
} as const;

export const PEOPLE: DemoPerson[] = [
  {
    slug: 'lee-jae-wook',
    name: 'Lee Jae-wook',
    nameKo: '이재욱',
    aliases: ['Lee Jae Wook', 'Lee Jaewook'],
    roles: ['actor'],
    bio: 'Actor who led both parts of Alchemy of Souls as Jang Uk.',
  },
  {
    slug: 'go-yoon-jung',
    name: 'Go Yoon-jung',
    nameKo: '고윤정',
    aliases: ['Go Youn-jung', 'Go Yoon Jung'],
    roles: ['actor'],
    bio: 'Actor who joined Alchemy of Souls for Part 2 as Jin Bu-yeon.',
  },
  {
    slug: 'jung-so-min',
    name: 'Jung So-min',
    nameKo: '정소민',
    aliases: ['Jung So Min'],
    roles: ['actor'],
    bio: 'Actor who played Mu-deok in the first part of Alchemy of Souls.',
  },
  {
    slug: 'hwang-min-hyun',
    name: 'Hwang Min-hyun',
    nameKo: '황민현',
    aliases: ['Hwang Minhyun', 'Hwang Min Hyun', 'Minhyun'],
    roles: ['actor', 'idol'],
    bio: 'Singer and actor, formerly of NU’EST and Wanna One, who played Seo Yul.',
  },
  {
    slug: 'yoo-in-soo',
    name: 'Yoo In-soo',
    nameKo: '유인수',
    aliases: ['Yoo In Soo'],
    roles: ['actor'],
    bio: 'Actor who played the loyal, hot-headed Park Dang-gu.',
  },
  {
    slug: 'arin',
    name: 'Arin',
    nameKo: '아린',
    aliases: ['Choi Ye-won'],
    roles: ['idol', 'actor'],
    bio: 'Member of Oh My Girl who played Jin Cho-yeon.',
  },
  {
    slug: 'shin-seung-ho',
    name: 'Shin Seung-ho',
    nameKo: '신승호',
    aliases: ['Shin Seung Ho'],
    roles: ['actor'],
    bio: 'Actor who played Crown Prince Go Won.',
  },
  {
    slug: 'hong-jung-eun',
    name: 'Hong Jung-eun',
    nameKo: '홍정은',
    aliases: ['Hong Jeong-eun'],
    roles: ['writer'],
    bio: 'Screenwriter; one of the Hong sisters, who wrote Alchemy of Souls together.',
  },
  {
    slug: 'hong-mi-ran',
    name: 'Hong Mi-ran',
    nameKo: '홍미란',
    aliases: ['Hong Mi Ran'],
    roles: ['writer'],
    bio: 'Screenwriter; one of the Hong sisters, who wrote Alchemy of Souls together.',
  },
  {
    slug: 'park-joon-hwa',
    name: 'Park Joon-hwa',
    nameKo: '박준화',
    aliases: ['Park Jun-hwa'],
    roles: ['director'],
    bio: 'Director of Alchemy of Souls.',
  },
];

export const CHARACTERS: DemoCharacter[] = [
  {
    slug: 'jang-uk',
    name: 'Jang Uk',
    nameKo: '장욱',
    aliases: ['Jang Wook'],
    description:
      'Son of the Jang family, barred from magic since birth and determined to learn it anyway.',
  },
  {
    slug: 'mu-deok',
    name: 'Mu-deok',
    nameKo: '무덕',
    aliases: ['Mudeok'],
    description:
      'A servant in the Jang household, far more than she appears, who becomes Uk’s teacher.',
  },
  {
    slug: 'jin-bu-yeon',
    name: 'Jin Bu-yeon',
    nameKo: '진부연',
    aliases: ['Bu-yeon'],
    description: 'The guarded daughter of the Jin family, at the heart of Part 2.',
  },
  {
    slug: 'seo-yul',
    name: 'Seo Yul',
    nameKo: '서율',
    aliases: [],
    description: 'Heir of the Seo family, a gifted young mage and Uk’s friend and rival.',
  },
  {
    slug: 'park-dang-gu',
    name: 'Park Dang-gu',
    nameKo: '박당구',
    aliases: ['Dang-gu', 'Dan Gu', 'Danggu'],
    description: 'Uk’s loyal friend from the Park family, quick with his fists and his heart.',
  },
  {
    slug: 'jin-cho-yeon',
    name: 'Jin Cho-yeon',
    nameKo: '진초연',
    aliases: ['Cho-yeon', 'Cho Yong', 'Choyeon'],
    description: 'The spirited daughter of the Jin family.',
  },
  {
    slug: 'go-won',
    name: 'Go Won',
    nameKo: '고원',
    aliases: ['Crown Prince Go Won'],
    description: 'The Crown Prince of Daeho.',
  },
];

export const CREDITS: DemoCredit[] = [
  { person: 'lee-jae-wook', character: 'jang-uk', kind: 'cast', role: 'lead', billing: 1 },
  { person: 'jung-so-min', character: 'mu-deok', part: 1, kind: 'cast', role: 'lead', billing: 2 },
  {
    person: 'go-yoon-jung',
    character: 'jin-bu-yeon',
    part: 2,
    kind: 'cast',
    role: 'lead',
    billing: 3,
  },
  { person: 'hwang-min-hyun', character: 'seo-yul', kind: 'cast', role: 'main', billing: 4 },
  { person: 'yoo-in-soo', character: 'park-dang-gu', kind: 'cast', role: 'main', billing: 5 },
  { person: 'arin', character: 'jin-cho-yeon', kind: 'cast', role: 'main', billing: 6 },
  { person: 'shin-seung-ho', character: 'go-won', kind: 'cast', role: 'main', billing: 7 },
  { person: 'hong-jung-eun', kind: 'crew', role: 'writer', billing: 101 },
  { person: 'hong-mi-ran', kind: 'crew', role: 'writer', billing: 102 },
  { person: 'park-joon-hwa', kind: 'crew', role: 'director', billing: 103 },
];

export const GROUPS = [
  {
    slug: 'oh-my-girl',
    name: 'Oh My Girl',
    nameKo: '오마이걸',
    aliases: ['OH MY GIRL', 'OMG'],
    debutDate: '2015-04-21',
    disbandDate: null,
    description: 'Girl group that debuted in 2015.',
    members: [{ person: 'arin', start: '2015-04-21', end: null }],
  },
  {
    slug: 'nuest',
    name: 'NU’EST',
    nameKo: '뉴이스트',
    aliases: ["NU'EST", 'NUEST'],
    debutDate: '2012-03-15',
    disbandDate: '2022-03-14',
    description: 'Boy group active from 2012 to 2022.',
    members: [{ person: 'hwang-min-hyun', start: '2012-03-15', end: '2022-03-14' }],
  },
  {
    slug: 'wanna-one',
    name: 'Wanna One',
    nameKo: '워너원',
    aliases: ['WANNA ONE'],
    debutDate: '2017-08-07',
    disbandDate: '2019-01-27',
    description:
      'Project boy group formed through a survival show, active from 2017 to early 2019.',
    members: [{ person: 'hwang-min-hyun', start: '2017-08-07', end: '2019-01-27' }],
  },
] as const;

/** The invented show, placed in time relative to the demo's "now". */
export const MOONLIT = {
  network: {
    slug: 'haneul-tv',
    name: 'Haneul TV (fictional)',
    kind: 'broadcaster' as const,
    url: null,
  },
  slug: 'moonlit-ledger',
  title: 'Moonlit Ledger',
  titleKo: '달빛 장부',
  genres: ['Romance', 'Mystery', 'Comedy'],
  synopsis: [
    'An invented drama that exists only in Deho’s sample content, so that the schedule always has something on air.',
    'A night-shift bookkeeper at a run-down Seoul pawnshop finds a ledger that records debts which have not been incurred yet. When the next entry carries the name of the detective who keeps dropping by, she starts balancing the books before the future can collect.',
  ].join('\n\n'),
  /** Wednesday and Thursday, 20:50 in Seoul. */
  slots: [
    { weekday: 3, localTime: '20:50', zone: 'Asia/Seoul' },
    { weekday: 4, localTime: '20:50', zone: 'Asia/Seoul' },
  ],
  count: 16,
  /** The first episode airs in the first slot on or after this many days before "now". */
  startedDaysAgo: 21,
};

export const MOONLIT_PEOPLE: DemoPerson[] = [
  {
    slug: 'yoon-da-rim',
    name: 'Yoon Da-rim',
    nameKo: '윤다림',
    aliases: ['Yoon Darim'],
    roles: ['actor'],
    bio: 'A fictional actor, invented for Deho’s sample content.',
  },
  {
    slug: 'baek-si-hwan',
    name: 'Baek Si-hwan',
    nameKo: '백시환',
    aliases: [],
    roles: ['actor', 'idol'],
    bio: 'A fictional singer and actor, invented for Deho’s sample content.',
  },
  {
    slug: 'oh-ye-dam',
    name: 'Oh Ye-dam',
    nameKo: '오예담',
    aliases: [],
    roles: ['writer'],
    bio: 'A fictional screenwriter, invented for Deho’s sample content.',
  },
  {
    slug: 'pyo-ha-jin',
    name: 'Pyo Ha-jin',
    nameKo: '표하진',
    aliases: [],
    roles: ['director'],
    bio: 'A fictional director, invented for Deho’s sample content.',
  },
];

export const MOONLIT_CHARACTERS: DemoCharacter[] = [
  {
    slug: 'han-seo-rin',
    name: 'Han Seo-rin',
    nameKo: '한서린',
    aliases: ['Seo-rin'],
    description: 'Night-shift bookkeeper with a ledger that knows too much.',
  },
  {
    slug: 'do-gyeol',
    name: 'Do Gyeol',
    nameKo: '도결',
    aliases: [],
    description: 'A detective who keeps finding reasons to visit the pawnshop.',
  },
];

export const MOONLIT_CREDITS: DemoCredit[] = [
  { person: 'yoon-da-rim', character: 'han-seo-rin', kind: 'cast', role: 'lead', billing: 1 },
  { person: 'baek-si-hwan', character: 'do-gyeol', kind: 'cast', role: 'lead', billing: 2 },
  { person: 'oh-ye-dam', kind: 'crew', role: 'writer', billing: 101 },
  { person: 'pyo-ha-jin', kind: 'crew', role: 'director', billing: 102 },
];

export const MOONLIT_EVENT = {
  slug: 'yoon-da-rim-fan-meeting-seoul',
  title: 'Yoon Da-rim fan meeting “Balancing the Books” (sample event)',
  kind: 'fan_meeting' as const,
  venue: 'Haneul Arts Hall (fictional)',
  city: 'Seoul',
  country: 'South Korea',
  zone: 'Asia/Seoul',
  /** Days after "now", at 18:00 local time, for three hours. */
  inDays: 24,
  localTime: '18:00',
  hours: 3,
  description:
    'An invented fan meeting of the fictional lead of Moonlit Ledger, part of Deho’s sample content.',
  people: ['yoon-da-rim'],
};
