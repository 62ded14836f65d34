import { Type, type Static, type TSchema } from 'typebox';
import { pageFields, Slug } from './drama.schemas.js';

/*
 * Admin API bodies of the dramas feature. Every write sends `{"<thing>": {...}}`; PATCH sends
 * only the fields that change. Shapes and limits are checked here; rules that need a clear
 * sentence (zones, times, weekdays, counts, dates) are checked by the service.
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Names = Type.Array(Text(200, 1), { maxItems: 50 });

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const ShowFields = Type.Object(
  {
    slug: Type.Optional(Slug),
    title: Type.Optional(Text(300, 1)),
    title_ko: Type.Optional(Nullable(Text(300))),
    aliases: Type.Optional(Names),
    genres: Type.Optional(Type.Array(Text(60, 1), { maxItems: 20 })),
    synopsis: Type.Optional(Text(20_000)),
    is_fictional: Type.Optional(Type.Boolean()),
    /** Network slugs, broadcasters and streaming services, in display order. */
    networks: Type.Optional(Type.Array(Slug, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type ShowFields = Static<typeof ShowFields>;
export const ShowBody = Type.Object({ show: ShowFields }, { additionalProperties: false });

export const NetworkKind = Type.Union([Type.Literal('broadcaster'), Type.Literal('streaming')]);
export const NetworkFields = Type.Object(
  {
    slug: Type.Optional(Slug),
    name: Type.Optional(Text(200, 1)),
    kind: Type.Optional(NetworkKind),
    url: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export type NetworkFields = Static<typeof NetworkFields>;
export const NetworkBody = Type.Object({ network: NetworkFields }, { additionalProperties: false });

export const SlotFields = Type.Object(
  {
    /** 0 = Sunday … 6 = Saturday. */
    weekday: Type.Integer({ minimum: -1_000, maximum: 1_000 }),
    /** HH:MM, 00:00–23:59, wall-clock time in `zone`. */
    local_time: Text(16, 1),
    /** IANA zone, e.g. Asia/Seoul. */
    zone: Text(64, 1),
    /** Slug of the network that airs this slot. */
    network: Type.Optional(Nullable(Slug)),
  },
  { additionalProperties: false },
);
export type SlotFields = Static<typeof SlotFields>;

export const PartFields = Type.Object(
  {
    /** Only on creation. */
    show_id: Type.Optional(Id),
    number: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })),
    title: Type.Optional(Text(200, 1)),
    subtitle: Type.Optional(Nullable(Text(300))),
    subtitle_ko: Type.Optional(Nullable(Text(300))),
    time_skip_note: Type.Optional(Nullable(Text(2_000))),
    /** Replaces every slot of the part. */
    slots: Type.Optional(Type.Array(SlotFields, { maxItems: 21 })),
  },
  { additionalProperties: false },
);
export type PartFields = Static<typeof PartFields>;
export const PartBody = Type.Object({ part: PartFields }, { additionalProperties: false });

export const GenerationFields = Type.Object(
  {
    /** First date (YYYY-MM-DD, slot zone) on which a slot may air. */
    start_date: Text(32, 1),
    /** Numbered episodes to generate, 1–500. */
    count: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }),
    /** Dates whose slots carry no episode (weeks off). */
    skip_dates: Type.Optional(Type.Array(Text(32, 1), { maxItems: 366 })),
    first_number: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })),
  },
  { additionalProperties: false },
);
export type GenerationFields = Static<typeof GenerationFields>;
export const GenerationBody = Type.Object(
  { generation: GenerationFields },
  { additionalProperties: false },
);

export const EpisodeKind = Type.Union([Type.Literal('regular'), Type.Literal('special')]);
export const EpisodeFields = Type.Object(
  {
    /** Only on creation. */
    part_id: Type.Optional(Id),
    number: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000 }))),
    kind: Type.Optional(EpisodeKind),
    title: Type.Optional(Nullable(Text(300))),
    /** ISO-8601; without an offset it is read in `zone`. */
    air_instant: Type.Optional(Text(40, 1)),
    zone: Type.Optional(Text(64, 1)),
    runtime_minutes: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_440 }))),
    note: Type.Optional(Nullable(Text(1_000))),
  },
  { additionalProperties: false },
);
export type EpisodeFields = Static<typeof EpisodeFields>;
export const EpisodeBody = Type.Object({ episode: EpisodeFields }, { additionalProperties: false });

export const CharacterFields = Type.Object(
  {
    /** Only on creation. */
    show_id: Type.Optional(Id),
    slug: Type.Optional(Slug),
    name: Type.Optional(Text(200, 1)),
    name_ko: Type.Optional(Nullable(Text(200))),
    aliases: Type.Optional(Names),
    description: Type.Optional(Text(5_000)),
  },
  { additionalProperties: false },
);
export type CharacterFields = Static<typeof CharacterFields>;
export const CharacterBody = Type.Object(
  { character: CharacterFields },
  { additionalProperties: false },
);

export const CreditKind = Type.Union([Type.Literal('cast'), Type.Literal('crew')]);
export const CreditFields = Type.Object(
  {
    person_id: Type.Optional(Id),
    show_id: Type.Optional(Id),
    /** The one part the credit covers; null for the whole show. */
    part_id: Type.Optional(Nullable(Id)),
    /** Cast only: a character of the same show. */
    character_id: Type.Optional(Nullable(Id)),
    kind: Type.Optional(CreditKind),
    /** Cast: lead, supporting, cameo…; crew: director, writer… */
    role: Type.Optional(Text(60, 1)),
    /** Lower comes first. */
    billing: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type CreditFields = Static<typeof CreditFields>;
export const CreditBody = Type.Object({ credit: CreditFields }, { additionalProperties: false });

export const ShowStatusKind = Type.Union([
  Type.Literal('unscheduled'),
  Type.Literal('upcoming'),
  Type.Literal('airing'),
  Type.Literal('on_break'),
  Type.Literal('finished'),
]);
export const AdminShowListQuery = Type.Object(
  {
    ...pageFields,
    /** Part of the title, Korean title, slug or an alias. */
    q: Type.Optional(Text(200)),
    /** Status at the time of the request, computed from the episodes. */
    status: Type.Optional(ShowStatusKind),
  },
  { additionalProperties: false },
);
export type AdminShowListQuery = Static<typeof AdminShowListQuery>;

export const AdminCreditListQuery = Type.Object(
  { ...pageFields, show_id: Type.Optional(Id), person_id: Type.Optional(Id) },
  { additionalProperties: false },
);
