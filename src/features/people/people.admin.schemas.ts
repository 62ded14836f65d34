import { Type, type Static, type TSchema } from 'typebox';
import { SLUG_PATTERN } from '../../lib/slug.js';

/*
 * Admin API bodies of the people feature: `{"<thing>": {...}}`, PATCH with the fields to change.
 * Dates, zones and order are checked by the service, which names a good example.
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Slug = Type.String({ pattern: SLUG_PATTERN.source, minLength: 1, maxLength: 200 });
const Names = Type.Array(Text(200, 1), { maxItems: 50 });
/** YYYY-MM-DD. */
const DateText = Text(32, 1);

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const PersonRole = Type.Union([
  Type.Literal('actor'),
  Type.Literal('director'),
  Type.Literal('writer'),
  Type.Literal('idol'),
  Type.Literal('producer'),
]);

export const PersonFields = Type.Object(
  {
    slug: Type.Optional(Slug),
    name: Type.Optional(Text(200, 1)),
    name_ko: Type.Optional(Nullable(Text(200))),
    aliases: Type.Optional(Names),
    roles: Type.Optional(Type.Array(PersonRole, { maxItems: 5 })),
    bio: Type.Optional(Text(10_000)),
    birth_date: Type.Optional(Nullable(DateText)),
  },
  { additionalProperties: false },
);
export type PersonFields = Static<typeof PersonFields>;
export const PersonBody = Type.Object({ person: PersonFields }, { additionalProperties: false });

export const GroupFields = Type.Object(
  {
    slug: Type.Optional(Slug),
    name: Type.Optional(Text(200, 1)),
    name_ko: Type.Optional(Nullable(Text(200))),
    aliases: Type.Optional(Names),
    /** idol_group, band, unit… */
    kind: Type.Optional(Text(40, 1)),
    debut_date: Type.Optional(Nullable(DateText)),
    disband_date: Type.Optional(Nullable(DateText)),
    description: Type.Optional(Text(10_000)),
  },
  { additionalProperties: false },
);
export type GroupFields = Static<typeof GroupFields>;
export const GroupBody = Type.Object({ group: GroupFields }, { additionalProperties: false });

export const MembershipFields = Type.Object(
  {
    group_id: Type.Optional(Id),
    person_id: Type.Optional(Id),
    role: Type.Optional(Nullable(Text(100))),
    /** Null: since the group began. */
    start_date: Type.Optional(Nullable(DateText)),
    /** Null: still a member. */
    end_date: Type.Optional(Nullable(DateText)),
  },
  { additionalProperties: false },
);
export type MembershipFields = Static<typeof MembershipFields>;
export const MembershipBody = Type.Object(
  { membership: MembershipFields },
  { additionalProperties: false },
);

export const EventKind = Type.Union([
  Type.Literal('fan_meeting'),
  Type.Literal('showcase'),
  Type.Literal('press_conference'),
  Type.Literal('concert'),
  Type.Literal('other'),
]);

export const EventFields = Type.Object(
  {
    slug: Type.Optional(Slug),
    title: Type.Optional(Text(300, 1)),
    kind: Type.Optional(EventKind),
    venue: Type.Optional(Nullable(Text(300))),
    city: Type.Optional(Nullable(Text(200))),
    country: Type.Optional(Nullable(Text(200))),
    /** ISO-8601; without an offset it is wall-clock time in `zone`. */
    starts_at: Type.Optional(Text(40, 1)),
    ends_at: Type.Optional(Nullable(Text(40, 1))),
    /** IANA zone of the venue, e.g. Asia/Seoul. */
    zone: Type.Optional(Text(64, 1)),
    description: Type.Optional(Text(10_000)),
    /** Ids of the people taking part (replaces the list). */
    people: Type.Optional(Type.Array(Id, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type EventFields = Static<typeof EventFields>;
export const EventBody = Type.Object({ event: EventFields }, { additionalProperties: false });

const pageFields = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};
/** Admin lists of people and groups: a page, and text any of the names contains. */
export const AdminSearchQuery = Type.Object(
  { ...pageFields, q: Type.Optional(Text(200)) },
  { additionalProperties: false },
);
export const AdminEventListQuery = Type.Object(
  { ...pageFields, q: Type.Optional(Text(200)), person_id: Type.Optional(Id) },
  { additionalProperties: false },
);
export const AdminMembershipListQuery = Type.Object(
  { person_id: Type.Optional(Id), group_id: Type.Optional(Id) },
  { additionalProperties: false },
);
