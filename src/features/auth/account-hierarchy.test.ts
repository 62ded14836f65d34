import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from './apikey.service.js';
import type { Role } from './auth.table.js';
import { hashPassword } from './password.js';
import { startSession } from './session.service.js';
import { newTotpSecret } from './totp.js';
import { insertUser } from './user.repository.js';

/*
 * The account hierarchy of docs/roles.md as one matrix: actor × target × operation, every cell
 * asserted through the real app (status, and in the database whether the change happened).
 *
 * Speed: scrypt runs once (one hash, reused by every account); accounts are inserted as rows and
 * sessions started by the session service, so each cell costs a few queries, not a sign-in.
 * Every target that may change is a fresh account made for its cell.
 */

const BASE = '/api/admin/v1';
const PASSWORD = 'staff password 1';

type ActorName =
  'owner' | 'admin' | 'editor' | 'author' | 'contributor' | 'moderator' | 'admin key';
type TargetName = Role | 'self';
type OperationName =
  | 'rename'
  | 'change e-mail'
  | 'change role'
  | 'suspend'
  | 'reactivate'
  | 'reset link'
  | 'end sessions'
  | 'reset two-factor'
  | 'delete'
  | 'transfer ownership';

const ACTORS: ActorName[] = [
  'owner',
  'admin',
  'editor',
  'author',
  'contributor',
  'moderator',
  'admin key',
];
const TARGETS: TargetName[] = [
  'owner',
  'admin',
  'editor',
  'author',
  'contributor',
  'moderator',
  'self',
];

/** Whom each actor manages: docs/roles.md, "The hierarchy", written out. */
const MANAGES: Record<ActorName, readonly Role[]> = {
  owner: ['admin', 'editor', 'author', 'contributor', 'moderator'],
  admin: ['editor', 'author', 'contributor', 'moderator'],
  'admin key': ['editor', 'author', 'contributor', 'moderator'],
  editor: [],
  author: [],
  contributor: [],
  moderator: [],
};

/** Whether the cell is allowed. The owner's own account is "self" for the owner. */
function allowed(actor: ActorName, target: TargetName, operation: OperationName): boolean {
  const self = target === 'self' || (actor === 'owner' && target === 'owner');
  if (operation === 'transfer ownership') return actor === 'owner' && !self;
  if (self) return operation === 'rename' && (actor === 'owner' || actor === 'admin');
  return (MANAGES[actor] as readonly string[]).includes(target);
}

/** What the database holds about an account; undefined once it is deleted. */
interface Snapshot {
  name: string;
  email: string;
  role: Role;
  status: string;
  twoFactor: boolean;
  sessions: number;
  resetLinks: number;
}

interface Operation {
  name: OperationName;
  /** Status of an allowed request. */
  ok: number;
  /** The target's state before the request (a fresh target), when it is not active. */
  status?: 'suspended';
  request(id: number, n: number, target: Snapshot): InjectOptions;
  /** The target after an allowed request. */
  apply(before: Snapshot, n: number): Snapshot | undefined;
}

const patch = (id: number, user: Record<string, string>): InjectOptions => ({
  method: 'PATCH',
  url: `${BASE}/users/${id}`,
  payload: { user },
});
const newRole = (target: Snapshot): Role => (target.role === 'author' ? 'contributor' : 'author');

const OPERATIONS: Operation[] = [
  {
    name: 'rename',
    ok: 200,
    request: (id, n) => patch(id, { name: `Renamed ${n}` }),
    apply: (s, n) => ({ ...s, name: `Renamed ${n}` }),
  },
  {
    name: 'change e-mail',
    ok: 200,
    request: (id, n) => patch(id, { email: `moved-${n}@example.com` }),
    apply: (s, n) => ({ ...s, email: `moved-${n}@example.com` }),
  },
  {
    name: 'change role',
    ok: 200,
    request: (id, _n, s) => patch(id, { role: newRole(s) }),
    apply: (s) => ({ ...s, role: newRole(s) }),
  },
  {
    name: 'suspend',
    ok: 200,
    request: (id) => patch(id, { status: 'suspended' }),
    apply: (s) => ({ ...s, status: 'suspended', sessions: 0 }),
  },
  {
    name: 'reactivate',
    ok: 200,
    status: 'suspended',
    request: (id) => patch(id, { status: 'active' }),
    apply: (s) => ({ ...s, status: 'active' }),
  },
  {
    name: 'reset link',
    ok: 201,
    request: (id) => ({ method: 'POST', url: `${BASE}/users/${id}/password-reset` }),
    apply: (s) => ({ ...s, resetLinks: s.resetLinks + 1 }),
  },
  {
    name: 'end sessions',
    ok: 200,
    request: (id) => ({ method: 'DELETE', url: `${BASE}/users/${id}/sessions` }),
    apply: (s) => ({ ...s, sessions: 0 }),
  },
  {
    name: 'reset two-factor',
    ok: 204,
    request: (id) => ({ method: 'DELETE', url: `${BASE}/users/${id}/totp` }),
    apply: (s) => ({ ...s, twoFactor: false, sessions: 0 }),
  },
  {
    name: 'delete',
    ok: 204,
    request: (id) => ({ method: 'DELETE', url: `${BASE}/users/${id}` }),
    apply: () => undefined,
  },
  {
    name: 'transfer ownership',
    ok: 200,
    request: (id) => ({ method: 'POST', url: `${BASE}/users/${id}/ownership` }),
    apply: (s) => ({ ...s, role: 'owner' }),
  },
];

describe('the account hierarchy: actor × target × operation', () => {
  let t: TestApp;
  let passwordHash: string;
  let counter = 0;
  const actors = {} as Record<ActorName, { id: number | null; headers: Record<string, string> }>;

  /** An account as a row, with two-factor on and one live session (what cells look for). */
  async function account(role: Role, status: 'active' | 'suspended' = 'active'): Promise<number> {
    const n = ++counter;
    const now = t.clock().toISOString();
    const id = await insertUser(t.db, {
      email: `staff-${n}@example.com`,
      name: `Staff ${n}`,
      slug: `staff-${n}`,
      role,
      status,
      password_hash: passwordHash,
      bio: null,
      totp_secret: newTotpSecret(),
      created_at: now,
      updated_at: now,
    });
    await startSession(t.db, t.clock, id, { ip: '127.0.0.1', userAgent: 'matrix' });
    return id;
  }

  async function snapshot(id: number): Promise<Snapshot | undefined> {
    const user = await t.db
      .selectFrom('users')
      .select(['name', 'email', 'role', 'status', 'totp_secret'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (user === undefined) return undefined;
    const count = async (table: 'sessions' | 'user_tokens') => {
      const row = await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', id)
        .$if(table === 'user_tokens', (q) =>
          q.where('purpose', '=', 'reset').where('used_at', 'is', null),
        )
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return {
      name: user.name,
      email: user.email,
      role: user.role,
      status: user.status,
      twoFactor: user.totp_secret !== null,
      sessions: await count('sessions'),
      resetLinks: await count('user_tokens'),
    };
  }

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    passwordHash = await hashPassword(PASSWORD);
    for (const role of [
      'owner',
      'admin',
      'editor',
      'author',
      'contributor',
      'moderator',
    ] as const) {
      const id = await account(role);
      const session = await startSession(t.db, t.clock, id, { ip: null, userAgent: null });
      actors[role] = {
        id,
        headers: {
          cookie: `deho_session=${session.cookieValue}`,
          'x-csrf-token': session.csrfToken,
        },
      };
    }
    const { key } = await createApiKey(t.db, t.clock, { name: 'matrix', role: 'admin' });
    actors['admin key'] = { id: null, headers: { authorization: `Bearer ${key}` } };
  });
  afterAll(async () => {
    await t.close();
  });

  for (const actor of ACTORS) {
    describe(`as ${actor}`, () => {
      for (const operation of OPERATIONS) {
        it(operation.name, async () => {
          const me = actors[actor];
          const ownerId = actors.owner.id as number;
          for (const target of TARGETS) {
            if (target === 'self' && me.id === null) continue; // a key has no account
            // The owner and one's own account are shared by all cells; other targets are fresh.
            const id =
              target === 'self'
                ? (me.id as number)
                : target === 'owner'
                  ? ownerId
                  : await account(target, operation.status);
            const before = await snapshot(id);
            if (before === undefined) throw new Error(`no account ${id}`);
            const n = ++counter;
            const res = await t.app.inject({
              ...operation.request(id, n, before),
              headers: me.headers,
            });
            const cell = `${actor} → ${target}: ${operation.name}: ${res.body}`;
            const yes = allowed(actor, target, operation.name);
            expect(res.statusCode, cell).toBe(yes ? operation.ok : 403);
            if (!yes) {
              expect(res.json(), cell).toMatchObject({ error: { code: 'forbidden' } });
              expect(res.body, cell).not.toContain('reset-password#');
            }
            expect(await snapshot(id), cell).toEqual(yes ? operation.apply(before, n) : before);
            if (yes && operation.name === 'transfer ownership') {
              // The former owner is an admin now; give the role back for the next cells.
              expect((await snapshot(ownerId))?.role, cell).toBe('admin');
              await t.db
                .updateTable('users')
                .set({ role: 'owner' })
                .where('id', '=', ownerId)
                .execute();
              await t.db
                .updateTable('users')
                .set({ role: target as Role })
                .where('id', '=', id)
                .execute();
            }
          }
        });
      }
    });
  }
});
