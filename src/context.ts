import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { Dialect } from './db/connect.js';
import type { Db } from './db/database.js';
import type { GroupCommit } from './db/group-commit.js';
import type { Clock } from './lib/clock.js';
import type { SiteInfo } from './views/site.js';

/** What every feature's routes are given: the app's dependencies, passed explicitly. */
export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: Dialect;
  readonly clock: Clock;
  /** Short write transactions that many requests make at once (comments): committed together. */
  readonly writes: GroupCommit;
  /** The site's current title, description and zone (settings, read at start and on change). */
  site(): SiteInfo;
  /** Cached reader pages: a write names what it changed, and the pages showing it are dropped. */
  readonly pages: PageInvalidator;
}

/**
 * Drops cached pages by tag. Tags name what a page shows: `article:<id>`, `show:<id>`,
 * `person:<id>`, `tag:<id>`, `group:<id>`, `event:<id>`, `episode:<id>`, `lists` (anything that
 * lists the latest articles), `schedule` (anything that lists upcoming episodes), `site` (all).
 */
export interface PageInvalidator {
  invalidate(tags: Iterable<string>): void;
}

/** The Fastify instance type every route module registers on. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
