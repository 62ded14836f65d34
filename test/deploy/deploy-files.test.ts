import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { SHUTDOWN_TIMEOUT_MS } from '../../src/server.js';
import { projectRoot } from '../../src/lib/paths.js';

/*
 * The files in deploy/ cannot be run here (no container engine, no systemd as PID 1), so they
 * are checked for what would break them: every variable they set is one Deho reads and accepts,
 * the units and the image run the built program read-only, the compose file's instances are the
 * ones deploy/nginx.conf lists, and stops last longer than Deho's drain and close.
 */

const root = projectRoot();
const read = (file: string) => fs.readFileSync(path.join(root, 'deploy', file), 'utf8');
/** The file without its comment lines (which may well mention what the directives must not do). */
const directives = (file: string) =>
  read(file)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');

/** Variables read by something other than Deho. */
const NOT_DEHOS = new Set(['NODE_ENV', 'MALLOC_ARENA_MAX']);

/** Every variable name Deho's configuration reads. */
function configNames(): Set<string> {
  const sources = ['config.ts', 'config-media.ts']
    .map((file) => fs.readFileSync(path.join(root, 'src', file), 'utf8'))
    .join('\n');
  const names = new Set<string>();
  for (const [, name = ''] of sources.matchAll(/env(?:\.|\[')([A-Z][A-Z0-9_]+)/g)) names.add(name);
  for (const [, name = ''] of sources.matchAll(/'((?:DEHO|DATABASE|REDIS)_[A-Z0-9_]+)'/g)) {
    names.add(name);
  }
  return names;
}

/** Compose's `${NAME:-default}` as Compose fills it in when NAME is unset. */
function withDefaults(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

/** The Environment= assignments of a systemd unit, `%i` taken as the instance name. */
function unitEnvironment(unit: string, instance = '3001'): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, line = ''] of unit.matchAll(/^Environment=(.*)$/gm)) {
    for (const pair of line.split(/\s+/)) {
      const [name = '', ...value] = pair.split('=');
      env[name] = value.join('=').replaceAll('%i', instance);
    }
  }
  return env;
}

function stopSeconds(unit: string): number {
  return Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1]);
}

/** The longest a shutdown may take with the default drain: drain, then close. */
const DEFAULT_STOP_SECONDS = loadConfig({}).shutdownDrainSeconds + SHUTDOWN_TIMEOUT_MS / 1000;

describe('configuration names', () => {
  it('finds the variables config.ts reads (the check below is not vacuous)', () => {
    const names = configNames();
    for (const name of ['PORT', 'DATABASE_URL', 'DEHO_SHUTDOWN_DRAIN_SECONDS', 'DEHO_S3_BUCKET']) {
      expect(names.has(name), name).toBe(true);
    }
  });
});

describe('deploy/compose.yaml', () => {
  interface Service {
    image?: string;
    build?: { context: string; dockerfile: string };
    environment?: Record<string, string>;
    network_mode?: string;
    stop_grace_period?: string;
    volumes?: string[];
    depends_on?: Record<string, { condition: string }>;
  }
  const compose = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const instances = Object.entries(compose.services).filter(([name]) => /^deho\d$/.test(name));

  it('runs three Deho instances, PostgreSQL, Redis and nginx', () => {
    expect(instances.map(([name]) => name)).toEqual(['deho1', 'deho2', 'deho3']);
    expect(Object.keys(compose.services).sort()).toEqual(
      ['deho1', 'deho2', 'deho3', 'nginx', 'postgres', 'redis'].sort(),
    );
  });

  it('builds the instances from deploy/Containerfile', () => {
    for (const [name, service] of instances) {
      expect(service.build, name).toEqual({ context: '..', dockerfile: 'deploy/Containerfile' });
      expect(
        fs.existsSync(path.join(root, 'deploy', service.build?.context ?? '', 'package.json')),
      ).toBe(true);
    }
  });

  it('sets only variables Deho reads, with values Deho accepts', () => {
    const names = configNames();
    for (const [name, service] of instances) {
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([k, v]) => [k, withDefaults(String(v))]),
      );
      for (const variable of Object.keys(env)) {
        expect(names.has(variable), `${name}: ${variable}`).toBe(true);
      }
      const config = loadConfig(env, '/app');
      expect(config.databaseUrl, name).toMatch(/^postgres:\/\/deho:.*@postgres:5432\/deho$/);
      expect(config.redisUrl, name).toBe('redis://redis:6379');
      // The instances live in containers of their own: media must not be on one's disk.
      expect(config.mediaStorage.kind, name).toBe('postgres');
      expect(config.demo, name).toBe(false);
    }
  });

  it('puts the instances where deploy/nginx.conf sends requests, and mounts that file', () => {
    const upstream = [...read('nginx.conf').matchAll(/^\s*server 127\.0\.0\.1:(\d+) /gm)].map(
      (match) => Number(match[1]),
    );
    const ports = instances.map(([, service]) => Number(service.environment?.PORT));
    expect(ports).toEqual(upstream);
    for (const [name, service] of instances) {
      expect(service.network_mode, name).toBe('service:nginx');
      expect(service.environment?.HOST, name).toBe('127.0.0.1');
      expect(service.depends_on?.postgres?.condition, name).toBe('service_healthy');
    }
    expect(compose.services.nginx?.volumes).toContain(
      './nginx.conf:/etc/nginx/conf.d/default.conf:ro',
    );
  });

  it('gives a stopping instance longer than its drain and close', () => {
    for (const [name, service] of instances) {
      const grace = /^(\d+)s$/.exec(service.stop_grace_period ?? '')?.[1];
      const drain = Number(service.environment?.DEHO_SHUTDOWN_DRAIN_SECONDS);
      expect(Number(grace), name).toBeGreaterThan(drain + SHUTDOWN_TIMEOUT_MS / 1000);
    }
  });
});

describe('deploy/deho.service and deploy/deho@.service', () => {
  it.each(['deho.service', 'deho@.service'])(
    '%s runs the built program, never the demo, with variables Deho accepts',
    (file) => {
      const unit = read(file);
      expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node dist\/cli\.js serve$/m);
      expect(directives(file)).not.toMatch(/npm (start|run)/);
      const env = unitEnvironment(unit);
      const names = configNames();
      for (const name of Object.keys(env)) {
        if (!NOT_DEHOS.has(name)) expect(names.has(name), `${file}: ${name}`).toBe(true);
      }
      const config = loadConfig(env, '/srv/deho');
      expect(config.demo).toBe(false);
      expect(config.dataDir).toBe('/var/lib/deho');
      expect(stopSeconds(unit)).toBeGreaterThan(DEFAULT_STOP_SECONDS);
      expect(unit).toMatch(/^User=deho$/m);
    },
  );

  it('the template takes its port from the instance name', () => {
    const unit = read('deho@.service');
    expect(loadConfig(unitEnvironment(unit, '3002'), '/srv/deho').port).toBe(3002);
  });
});

describe('deploy/Containerfile', () => {
  const file = read('Containerfile');
  const stages = file.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('installs production dependencies with npm ci --omit=dev and builds at image build time', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(file).toMatch(/npm ci --omit=dev/);
    expect(file).toMatch(/RUN npm run build/);
    // The running container never builds: it starts the program the image holds.
    expect(runtime).toMatch(/^CMD \["node", "dist\/cli\.js", "serve"\]$/m);
    expect(runtime).not.toMatch(/npm (start|run|ci|install)/);
  });

  it('runs as a user other than root, with what the program reads at run time', () => {
    expect(runtime).toMatch(/^USER node$/m);
    for (const needed of ['node_modules', 'package.json', 'dist', 'public']) {
      expect(runtime, needed).toMatch(new RegExp(`^COPY --from=\\w+ .*/app/${needed}\\b`, 'm'));
    }
  });

  it('sets only variables Deho reads, with values it accepts, and never the demo', () => {
    const env: Record<string, string> = {};
    for (const [, name = '', value = ''] of runtime.matchAll(/^\s*(?:ENV )?([A-Z_]+)=(\S+)/gm)) {
      env[name] = value;
    }
    const names = configNames();
    for (const name of Object.keys(env)) {
      if (!NOT_DEHOS.has(name)) expect(names.has(name), name).toBe(true);
    }
    expect(loadConfig(env, '/app').demo).toBe(false);
  });
});

describe('deploy/nginx.conf', () => {
  const conf = directives('nginx.conf');

  it('retries idempotent requests on another instance when one answers 503 or cannot connect', () => {
    expect(conf).toMatch(/^\s*proxy_next_upstream error timeout http_503;$/m);
    // Without `non_idempotent`, nginx never sends a POST twice.
    expect(conf).not.toContain('non_idempotent');
  });
});
