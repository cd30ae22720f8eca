/**
 * What the secret tests share: a throw-away copy of the site with its own content, data store and
 * temporary folder; the real commands run in it; hostile environments on 127.0.0.1; and a search of
 * every file the commands could have written for planted canary values.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { removeProjectCopy } from '../support/project-copy.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A unique value nobody could have typed: if it shows up somewhere, the test put it there. */
export const canary = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

/** Parts of the project a build needs; content comes from the test. */
const SITE_FILES = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'scripts', 'public'];

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SiteCopy {
  /** The project folder: content/, dist/, .paritybook/ and node_modules/.astro all land here. */
  dir: string;
  /** TMPDIR of every command run in the copy. */
  tmp: string;
  /** Writes a content file, e.g. `services/auth-api.yaml`. */
  write(file: string, text: string): void;
  /** Runs `npm run <script> [-- args]` in the copy, without blocking this process (the environments live here). */
  npm(script: string, args?: string[], env?: NodeJS.ProcessEnv): Promise<CommandResult>;
  remove(): Promise<void>;
}

/**
 * A copy of the site in a fresh temporary folder. node_modules is a folder of links to the project's
 * packages, so Astro's data store (node_modules/.astro) and Vite's cache are the copy's own.
 */
export function copySite(label: string): SiteCopy {
  const dir = mkdtempSync(path.join(tmpdir(), `paritybook-${label}-`));
  for (const entry of SITE_FILES) cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  mkdirSync(path.join(dir, 'node_modules'));
  for (const entry of readdirSync(path.join(ROOT, 'node_modules'))) {
    if (entry === '.astro' || entry === '.vite') continue;
    symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(dir, 'node_modules', entry));
  }
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp);
  write('teams/platform.yaml', 'id: platform\nname: Platform\ncontact:\n  chat: "#platform"\n');

  function write(file: string, text: string): void {
    const target = path.join(dir, 'content', file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }

  return {
    dir,
    tmp,
    write,
    npm(script, args = [], env = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
          cwd: dir,
          env: {
            ...process.env,
            PARITYBOOK_SNAPSHOT_DIR: undefined,
            PARITYBOOK_CONTENT_DIR: undefined,
            GITHUB_ACTIONS: '',
            ASTRO_TELEMETRY_DISABLED: '1',
            NO_COLOR: '1',
            TMPDIR: tmp,
            ...env,
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    },
    remove: () => removeProjectCopy(dir),
  };
}

/** Every file under `dir`, without following links (the copy's node_modules links to the real packages). */
function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile()) yield full;
  }
}

/** The bytes of a file, and of its decompressed form when it is gzip or brotli (Pagefind's index is gzip). */
function readings(file: string): Buffer[] {
  const bytes = readFileSync(file);
  const out = [bytes];
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      out.push(gunzipSync(bytes));
    } catch {
      // Not gzip after all.
    }
  } else if (file.endsWith('.br')) {
    try {
      out.push(brotliDecompressSync(bytes));
    } catch {
      // Not brotli after all.
    }
  }
  return out;
}

/**
 * Where each canary appears: `<file relative to dir>: <canary>` for every file under `dir` that
 * holds one (binary and compressed files included), and `<log name>: <canary>` for the captured
 * output. The content folder is the input the test wrote, so it is not searched.
 */
export function findCanaries(dir: string, canaries: string[], logs: Record<string, string> = {}): string[] {
  const found: string[] = [];
  for (const file of files(dir)) {
    if (path.relative(dir, file).startsWith(`content${path.sep}`)) continue;
    for (const reading of readings(file)) {
      for (const value of canaries) {
        if (reading.includes(value)) found.push(`${path.relative(dir, file)}: ${value}`);
      }
    }
  }
  for (const [name, text] of Object.entries(logs)) {
    for (const value of canaries) if (text.includes(value)) found.push(`${name}: ${value}`);
  }
  return [...new Set(found)];
}

/** Where the build writes: its output, the snapshot store and Astro's data store. */
export const BUILD_PLACES = ['dist', '.paritybook', path.join('node_modules', '.astro')];

/**
 * Asserts that the commands wrote into each of `places` (so the search looked where they write)
 * and that no canary is anywhere in the copy or in the logs.
 */
export function expectNoCanaries(
  site: SiteCopy,
  canaries: string[],
  logs: Record<string, string>,
  places = BUILD_PLACES,
): void {
  for (const place of places) expect(readdirSync(path.join(site.dir, place)), place).not.toEqual([]);
  expect(findCanaries(site.dir, canaries, logs)).toEqual([]);
}

/**
 * A service file owned by `platform`, with the probes that need neither an upload route nor a
 * certificate; `tokenEnv` names each environment's token variable, `routes` the header routes.
 */
export function serviceFile(
  id: string,
  urls: { staging: string; production: string },
  options: { tokenEnv?: { staging: string; production: string }; routes?: string[] } = {},
): string {
  const environment = (name: 'staging' | 'production') =>
    `  ${name}:\n    url: ${urls[name]}\n${options.tokenEnv ? `    tokenEnv: ${options.tokenEnv[name]}\n` : ''}`;
  return [
    `id: ${id}\nname: ${id}\nowner: platform\nenvironments:\n`,
    environment('staging'),
    environment('production'),
    'probe:\n  probes: [health, parity, headers]\n',
    options.routes ? `  routes: ${JSON.stringify(options.routes)}\n` : '',
  ].join('');
}

/** Writes services/<id>.yaml into the copy, pointing at two running environments (what listen returned). */
export function writeService(
  site: SiteCopy,
  id: string,
  [staging, production]: readonly { url: string }[],
  options?: Parameters<typeof serviceFile>[2],
): void {
  site.write(`services/${id}.yaml`, serviceFile(id, { staging: staging.url, production: production.url }, options));
}

/** A well-behaved parity/1 document; `extra` is merged into its config flags. */
export function parityDocument(service: string, environment: string, flags: Record<string, unknown> = {}) {
  return {
    schema: 'parity/1',
    service,
    environment,
    version: { version: '1.0.0', commit: 'abc123' },
    packages: { fastapi: '0.92.0' },
    config: { flags: { beta: false, ...flags }, secrets_present: { DATABASE_URL: true } },
    checks: { database: 'ok' },
  };
}

/** A node:http server on a free 127.0.0.1 port; resolves with its base URL. */
export async function listen(
  handler: http.RequestListener,
): Promise<{ server: http.Server; url: string; port: number }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, port };
}

export const close = (server: { close(callback: () => void): unknown }) =>
  new Promise<void>((resolve) => server.close(() => resolve()));

type Closable = { close(callback: () => void): unknown };

/** Teardown of a secret test: closes every environment (a server or what listen returned), then removes the site copy. */
export async function stopAll(
  servers: readonly (Closable | { server: Closable })[] = [],
  site?: SiteCopy,
): Promise<void> {
  await Promise.all(servers.map((s) => close('server' in s ? s.server : s)));
  await site?.remove();
}

/** The last probe attempt the copy recorded for one environment of a service (.paritybook/snapshots/<id>/<env>/). */
export const lastAttempt = (site: SiteCopy, service: string, environment: string) =>
  JSON.parse(
    readFileSync(path.join(site.dir, '.paritybook', 'snapshots', service, environment, 'last-attempt.json'), 'utf8'),
  );
