import { Type, type Static } from 'typebox';

/*
 * Request and response schemas of the session, setup and users routes. Response schemas are
 * allowlists: no hash, secret or token column can leave by accident.
 */

const Role = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('editor'),
  Type.Literal('author'),
  Type.Literal('contributor'),
  Type.Literal('moderator'),
]);
const AssignableRole = Type.Union([
  Type.Literal('admin'),
  Type.Literal('editor'),
  Type.Literal('author'),
  Type.Literal('contributor'),
  Type.Literal('moderator'),
]);
const Email = Type.String({ minLength: 3, maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: 200 });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Token = Type.String({ minLength: 10, maxLength: 100 });

/** A staff account as the Admin API shows it. */
export const UserJson = Type.Object(
  {
    id: Type.Integer(),
    /** Shown to admins and to the user themself; null for other roles. */
    email: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
    slug: Type.String(),
    /** Shown on the author's page (/authors/:slug); null when none was written. */
    bio: Type.Union([Type.String(), Type.Null()]),
    role: Role,
    /** invited: has not chosen a password yet; suspended: cannot sign in. */
    status: Type.Union([
      Type.Literal('active'),
      Type.Literal('invited'),
      Type.Literal('suspended'),
    ]),
    /** Whether sign-in asks for an authenticator code. */
    totp_enabled: Type.Boolean(),
    created_at: Type.String(),
  },
  { additionalProperties: false },
);
export type UserJson = Static<typeof UserJson>;

/** POST /session and what GET /session answers. */
export const SessionResponse = Type.Object({
  session: Type.Object({
    /** Send this in `x-csrf-token` with every write made with the cookie. */
    csrfToken: Type.String(),
    user: UserJson,
    /** ISO-8601 UTC: the latest moment the session can last (it ends earlier after 3 idle days). */
    expires_at: Type.Optional(Type.String()),
  }),
});

/** POST /session body. */
export const SignInBody = Type.Object(
  {
    email: Email,
    password: Password,
    /** The 6-digit authenticator code, for accounts with two-factor sign-in. */
    totp: Type.Optional(Type.String({ maxLength: 12 })),
  },
  { additionalProperties: false },
);

/** POST /setup body: the first account, which becomes the owner, and the site's name. */
export const SetupBody = Type.Object(
  {
    user: Type.Object(
      { email: Email, name: Name, password: Password },
      { additionalProperties: false },
    ),
    /** Optional: without it the site keeps its default title until Settings changes it. */
    site: Type.Optional(
      Type.Object(
        { title: Type.String({ minLength: 1, maxLength: 100 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** POST /password-reset body. */
export const ResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });

/** POST /password-reset/confirm and POST /invitations/accept body. */
export const TokenPasswordBody = Type.Object(
  { token: Token, password: Password },
  { additionalProperties: false },
);

/** POST /session/password body. */
export const ChangePasswordBody = Type.Object(
  { current_password: Password, new_password: Password },
  { additionalProperties: false },
);

/** PUT /session/email body: one's new address, with the current password as proof. */
export const ChangeEmailBody = Type.Object(
  { email: Email, current_password: Password },
  { additionalProperties: false },
);

/** PUT /session/totp body: the secret offered by POST /session/totp and a code made with it. */
export const EnableTotpBody = Type.Object(
  {
    totp: Type.Object(
      {
        secret: Type.String({ minLength: 16, maxLength: 64 }),
        code: Type.String({ maxLength: 12 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** DELETE /session/totp body: a current code, so that a borrowed session cannot turn it off. */
export const DisableTotpBody = Type.Object(
  { code: Type.String({ maxLength: 12 }) },
  { additionalProperties: false },
);

/** POST /users body: an invitation. */
export const InviteBody = Type.Object(
  {
    user: Type.Object(
      { email: Email, name: Name, role: AssignableRole },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** PATCH /users/:id body; each field is checked against the hierarchy (docs/roles.md). */
export const UpdateUserBody = Type.Object(
  {
    user: Type.Object(
      {
        name: Type.Optional(Name),
        /** A few sentences for the author's page; '' removes it. */
        bio: Type.Optional(Type.String({ maxLength: 2000 })),
        /** A new sign-in address; reset links sent to the old one stop working. */
        email: Type.Optional(Email),
        role: Type.Optional(AssignableRole),
        status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  },
  { additionalProperties: false },
);

/** A link made for a colleague; `url` is present only when no mail carried it. */
export const LinkJson = Type.Object({
  sent: Type.Boolean(),
  expires_at: Type.String(),
  url: Type.Optional(Type.String()),
});

export const UserParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export const ListUsersQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
