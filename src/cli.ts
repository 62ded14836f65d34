import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  ConfigError,
  loadConfig,
  MEDIA_STORAGE_KINDS,
  type Config,
  type MediaStorageKind,
} from './config.js';
import { connectDatabase } from './db/connect.js';
import { MigrationFailed, migrateToLatest } from './db/migrate.js';
import {
  API_KEY_ROLES,
  createApiKey,
  readPasswordLine,
  ROLES,
  userCreateCommand,
  userSetPasswordCommand,
} from './features/auth/index.js';
import {
  backupCommand,
  exportCommand,
  importDehoCommand,
  importWordpressCommand,
} from './features/import/index.js';
import { systemClock } from './lib/clock.js';
import { AppError } from './lib/errors.js';

/** What the CLI reads and writes; `process` in real use, buffers in tests. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Where `user create --password-stdin` reads the password; process.stdin by default. */
  stdin?: AsyncIterable<string | Buffer>;
  /** Where `serve` hears SIGTERM and SIGINT; process by default. */
  signals?: Pick<NodeJS.EventEmitter, 'once' | 'off'>;
}

/** Exit codes: 0 done, 1 failed (configuration, database, runtime), 2 wrong usage. */
const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const USAGE = `Usage: deho <command> [options]

Commands:
  serve                                 Start the web server (migrates, seeds demo content unless DEHO_DEMO=0)
  migrate                               Apply pending database migrations and list them
  apikey create --name N [--role R]     Create an Admin API key and print it once, on the last line
                                        R is one of ${API_KEY_ROLES.join(', ')} (default admin)
  user create --email E --name N --role R --password-stdin
                                        Create an active staff account; the password is read
                                        from the first line of standard input (R: ${ROLES.join(', ')})
  user set-password --email E --password-stdin [--turn-off-two-factor]
                                        Give an account a new password (read as above) and end its
                                        sessions: the way back in without mail or authenticator
  import wordpress FILE [--uploads DIR] [--fetch-attachments [--fetch-private]] [--link]
                   [--take-wordpress] [--progress-every SECONDS]
                                        Import a WordPress export (WXR); DIR is a copy of wp-content/uploads;
                                        --fetch-attachments downloads the files from the old site
                                        (--fetch-private lets it reach private and local addresses);
                                        --take-wordpress overwrites articles edited in Deho since the last import
  export DIR                            Write the whole site to DIR/deho-export.json and DIR/media/
  import deho DIR                       Restore an export into an empty site
  backup FILE                           Copy the SQLite database to FILE while the site runs
  media migrate --to S [--from S]       Copy every media file into store S (disk, postgres, s3) and
                                        verify each copy; --from defaults to DEHO_MEDIA_STORAGE.
                                        Safe to run again: files already there are not copied twice

Options:
  -h, --help                            Show this help

Environment: PORT, HOST, DEHO_DATA_DIR, DATABASE_URL, REDIS_URL, DEHO_REDIS_PREFIX, DEHO_DEMO,
DEHO_BASE_URL, DEHO_TRUST_PROXY, DEHO_MEDIA_STORAGE, DEHO_S3_ENDPOINT, DEHO_S3_BUCKET,
DEHO_S3_REGION, DEHO_S3_ACCESS_KEY_ID, DEHO_S3_SECRET_ACCESS_KEY, DEHO_SHUTDOWN_DRAIN_SECONDS,
DEHO_METRICS_TOKEN, LOG_LEVEL.
`;

/** Wrong usage: printed with the usage text, exit code 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's own arguments; anything unknown or surplus is a UsageError. */
function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function migrateCommand(config: Config, io: CliIo): Promise<number> {
  const handle = connectDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    pgPool: config.pgPool,
  });
  try {
    const where = handle.sqlitePath !== undefined ? `SQLite at ${handle.sqlitePath}` : 'PostgreSQL';
    const applied = await migrateToLatest(handle.db);
    if (applied.length === 0) {
      io.stdout.write(`The database (${where}) is up to date; no migrations to apply.\n`);
    } else {
      io.stdout.write(`Applied ${applied.length} migration(s) to ${where}:\n`);
      for (const name of applied) io.stdout.write(`  ${name}\n`);
    }
    return EXIT_OK;
  } finally {
    await handle.close();
  }
}

async function apiKeyCreateCommand(
  config: Config,
  io: CliIo,
  name: string,
  role: string,
): Promise<number> {
  const handle = connectDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    pgPool: config.pgPool,
  });
  try {
    // A fresh data folder has no tables yet; creating a key there is a valid first step.
    const applied = await migrateToLatest(handle.db);
    if (applied.length > 0) io.stdout.write(`Applied ${applied.length} pending migration(s).\n`);
    const { key, apiKey } = await createApiKey(handle.db, systemClock, { name, role });
    io.stdout.write(
      `Created API key ${apiKey.id} "${apiKey.name}" with role ${apiKey.role}.\n` +
        'Send it as "Authorization: Bearer <key>". It is shown only this once:\n',
    );
    // Alone on the last line, so that scripts can take it with `tail -n 1`.
    io.stdout.write(`${key}\n`);
    return EXIT_OK;
  } finally {
    await handle.close();
  }
}

async function userSetPassword(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    email: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'turn-off-two-factor': { type: 'boolean' },
  });
  if (values.help === true) return help(io);
  const email = typeof values.email === 'string' ? values.email.trim() : '';
  if (email === '') throw new UsageError('user set-password needs --email.');
  // Never on the command line, where other users and the shell history would see it.
  if (values['password-stdin'] !== true) {
    throw new UsageError(
      'user set-password needs --password-stdin (the password is read from standard input).',
    );
  }
  const password = await readPasswordLine(io.stdin ?? process.stdin);
  const config = loadConfig(io.env, io.cwd);
  const { applied, message } = await userSetPasswordCommand(config, {
    email,
    password,
    turnOffTwoFactor: values['turn-off-two-factor'] === true,
  });
  if (applied > 0) io.stdout.write(`Applied ${applied} pending migration(s).\n`);
  io.stdout.write(`${message}\n`);
  return EXIT_OK;
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('Name a command.');
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  switch (command) {
    case 'serve': {
      if (parse(rest, {}).values.help === true) return help(io);
      const config = loadConfig(io.env, io.cwd);
      // Loaded on demand: `migrate` and `apikey` need none of the web app.
      const { serve } = await import('./server.js');
      return serve(config, { signals: io.signals ?? process });
    }
    case 'migrate': {
      if (parse(rest, {}).values.help === true) return help(io);
      return migrateCommand(loadConfig(io.env, io.cwd), io);
    }
    case 'apikey': {
      const [sub, ...args] = rest;
      if (sub === '--help' || sub === '-h') return help(io);
      if (sub !== 'create')
        throw new UsageError(
          sub === undefined
            ? 'apikey needs a subcommand: create.'
            : `Unknown apikey subcommand "${sub}".`,
        );
      const { values } = parse(args, { name: { type: 'string' }, role: { type: 'string' } });
      if (values.help === true) return help(io);
      const name = typeof values.name === 'string' ? values.name.trim() : '';
      if (name === '') throw new UsageError('apikey create needs --name, e.g. --name "CI deploy".');
      const role = typeof values.role === 'string' ? values.role : 'admin';
      if (!(API_KEY_ROLES as readonly string[]).includes(role)) {
        throw new UsageError(`--role must be one of ${API_KEY_ROLES.join(', ')}, not "${role}".`);
      }
      return apiKeyCreateCommand(loadConfig(io.env, io.cwd), io, name, role);
    }
    case 'user': {
      const [sub, ...args] = rest;
      if (sub === '--help' || sub === '-h') return help(io);
      if (sub === 'set-password') return userSetPassword(args, io);
      if (sub !== 'create') {
        throw new UsageError(
          sub === undefined
            ? 'user needs a subcommand: create or set-password.'
            : `Unknown user subcommand "${sub}".`,
        );
      }
      const { values } = parse(args, {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      });
      if (values.help === true) return help(io);
      const email = typeof values.email === 'string' ? values.email.trim() : '';
      const name = typeof values.name === 'string' ? values.name.trim() : '';
      const role = typeof values.role === 'string' ? values.role : '';
      if (email === '' || name === '')
        throw new UsageError('user create needs --email and --name.');
      if (!(ROLES as readonly string[]).includes(role)) {
        throw new UsageError(`--role must be one of ${ROLES.join(', ')}, not "${role}".`);
      }
      // Never on the command line, where other users and the shell history would see it.
      if (values['password-stdin'] !== true) {
        throw new UsageError(
          'user create needs --password-stdin (the password is read from standard input).',
        );
      }
      const password = await readPasswordLine(io.stdin ?? process.stdin);
      const config = loadConfig(io.env, io.cwd);
      const { applied, message } = await userCreateCommand(config, { email, name, role, password });
      if (applied > 0) io.stdout.write(`Applied ${applied} pending migration(s).\n`);
      io.stdout.write(`${message}\n`);
      return EXIT_OK;
    }
    case 'import': {
      const [kind, source, ...args] = rest;
      if (kind === '--help' || kind === '-h') return help(io);
      if (kind !== 'wordpress' && kind !== 'deho') {
        throw new UsageError('import needs a kind: "import wordpress FILE" or "import deho DIR".');
      }
      if (source === undefined || source.startsWith('-')) {
        throw new UsageError(`import ${kind} needs a ${kind === 'deho' ? 'folder' : 'file'}.`);
      }
      if (kind === 'deho') {
        if (parse(args, {}).values.help === true) return help(io);
        return importDehoCommand(loadConfig(io.env, io.cwd), io, source);
      }
      const { values } = parse(args, {
        uploads: { type: 'string' },
        link: { type: 'boolean' },
        'take-wordpress': { type: 'boolean' },
        'fetch-attachments': { type: 'boolean' },
        'fetch-private': { type: 'boolean' },
        'progress-every': { type: 'string' },
      });
      if (values.help === true) return help(io);
      if (values['fetch-private'] === true && values['fetch-attachments'] !== true) {
        throw new UsageError('--fetch-private goes with --fetch-attachments.');
      }
      const every = values['progress-every'];
      const progressEvery = typeof every === 'string' ? Number(every) : undefined;
      if (progressEvery !== undefined && !(Number.isFinite(progressEvery) && progressEvery >= 0)) {
        throw new UsageError('--progress-every needs a number of seconds, such as 5.');
      }
      return importWordpressCommand(loadConfig(io.env, io.cwd), io, source, {
        uploads: typeof values.uploads === 'string' ? values.uploads : undefined,
        link: values.link === true,
        takeWordpress: values['take-wordpress'] === true,
        fetchAttachments: values['fetch-attachments'] === true,
        fetchPrivate: values['fetch-private'] === true,
        ...(progressEvery !== undefined && { progressEvery }),
      });
    }
    case 'export':
    case 'backup': {
      const [target, ...args] = rest;
      if (target === '--help' || target === '-h' || parse(args, {}).values.help === true)
        return help(io);
      if (target === undefined || target.startsWith('-')) {
        throw new UsageError(
          command === 'export' ? 'export needs a folder.' : 'backup needs a file name.',
        );
      }
      const config = loadConfig(io.env, io.cwd);
      return command === 'export'
        ? exportCommand(config, io, target)
        : backupCommand(config, io, target);
    }
    case 'media': {
      const [sub, ...args] = rest;
      if (sub === '--help' || sub === '-h') return help(io);
      if (sub !== 'migrate') {
        throw new UsageError(
          sub === undefined
            ? 'media needs a subcommand: migrate.'
            : `Unknown media subcommand "${sub}".`,
        );
      }
      const { values } = parse(args, { to: { type: 'string' }, from: { type: 'string' } });
      if (values.help === true) return help(io);
      const config = loadConfig(io.env, io.cwd);
      const to = storageKind('--to', values.to);
      if (to === undefined) throw new UsageError('media migrate needs --to disk, postgres or s3.');
      const from = storageKind('--from', values.from) ?? config.mediaStorage.kind;
      if (from === to) {
        throw new UsageError(
          values.from === undefined
            ? `DEHO_MEDIA_STORAGE is ${to} already; name the store the files are in now with --from.`
            : '--from and --to name the same store.',
        );
      }
      // Loaded on demand, as `serve` is: the other commands need none of the media feature.
      const { mediaMigrateCommand } = await import('./features/media/index.js');
      return mediaMigrateCommand(config, io, { from, to });
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** A store named on the command line, or undefined when the option is absent. */
function storageKind(
  option: string,
  value: string | boolean | undefined,
): MediaStorageKind | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (MEDIA_STORAGE_KINDS as readonly string[]).includes(value)) {
    return value as MediaStorageKind;
  }
  throw new UsageError(`${option} must be disk, postgres or s3, not "${String(value)}".`);
}

function help(io: CliIo): number {
  io.stdout.write(USAGE);
  return EXIT_OK;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/**
 * Runs the `deho` command line.
 * @param argv the arguments after the program name, e.g. ['apikey', 'create', '--name', 'CI']
 * @param io output streams, environment and working folder
 * @returns the exit code: 0 done, 1 failed, 2 wrong usage
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`deho: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (
      error instanceof ConfigError ||
      error instanceof MigrationFailed ||
      error instanceof AppError
    ) {
      io.stderr.write(`deho: ${error.message}\n`);
      return EXIT_FAILED;
    }
    const code = errorCode(error);
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      const env = loadConfig(io.env, io.cwd);
      io.stderr.write(
        `deho: cannot listen on ${env.host}:${env.port} (${code}); set HOST or PORT to another address.\n`,
      );
      return EXIT_FAILED;
    }
    io.stderr.write(
      `deho: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_FAILED;
  }
}

/** Runs the CLI for this process and sets its exit code. */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
  // Normally every handle is closed by now and the process ends by itself; after a shutdown
  // that timed out, something still holds it open, so end it here.
  if (code === EXIT_FAILED) process.exit(code);
  process.exitCode = code;
}

/** See rehearse() in server.ts: what the build runs to fill V8's code cache. */
export async function rehearse(): Promise<void> {
  await (await import('./server.js')).rehearse();
}
