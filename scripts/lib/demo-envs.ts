/**
 * Starts demo environments: the FastAPI demo app of examples/demo under Debian's Python, each
 * optionally behind its own nginx with proxy_cache standing in for the CDN. Used by `npm start`
 * (the ports content/services/*.yaml name) and by the integration
 * tests (free ports picked by the OS). Everything binds 127.0.0.1.
 * `npm start` plays every service of examples/demo/envs/ on the ports its service file names.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCommand, runMain } from './cli.ts';
import { Agent, fetch as undiciFetch } from 'undici';
import { loadServices } from '../../src/parity/services.ts';
import { freePort } from './net.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXAMPLES = path.join(ROOT, 'examples');
export const PYTHON = process.env.PARITYBOOK_PYTHON ?? '/usr/bin/python3';
export const NGINX = process.env.PARITYBOOK_NGINX ?? '/usr/sbin/nginx';

export class EnvironmentStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EnvironmentStartError';
  }
}

interface Running {
  child: ChildProcess;
  output: () => string;
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Running {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Reads our own test environments' self-signed certificates while waiting for them to come up. */
let unverified: Agent | undefined;

/** Polls `url` until it answers 2xx, the process dies, or the time is up. */
async function waitHealthy(url: string, running: Running, name: string, timeoutMs = 20_000): Promise<void> {
  const get = url.startsWith('https:')
    ? (target: string, init: { signal: AbortSignal }) =>
        undiciFetch(target, {
          ...init,
          dispatcher: (unverified ??= new Agent({ connect: { rejectUnauthorized: false } })),
        })
    : fetch;
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (running.child.exitCode !== null) {
      throw new EnvironmentStartError(
        `${name} exited with code ${running.child.exitCode} before answering:\n${running.output().trim()}`,
      );
    }
    try {
      const response = await get(url, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new EnvironmentStartError(
    `${name} did not answer ${url} within ${timeoutMs} ms (${last}):\n${running.output().trim()}`,
  );
}

export interface StartedEnvironment {
  /** URL a client uses (nginx when proxied, else the app). */
  url: string;
  /** URL of the app itself. */
  appUrl: string;
  stop(): Promise<void>;
}

export interface FastApiOptions {
  /** Demo service whose settings to use (examples/demo/envs/<service>/). */
  service?: string;
  environment: 'staging' | 'production';
  /** 0 or undefined: a free port. */
  port?: number;
  /** Settings file (default examples/demo/envs/<service>/<environment>.json). */
  settingsFile?: string;
  /** Folder with the vendored checkout-rules distribution (default examples/demo/vendor/<environment>). */
  vendorDir?: string;
  /** Serve https with this key and certificate (PEM files), e.g. a self-signed one made by a test. */
  tls?: { keyFile: string; certFile: string };
}

export async function startFastApi(options: FastApiOptions): Promise<StartedEnvironment> {
  const port = options.port || (await freePort());
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PARITY_SERVICE: options.service ?? 'checkout-api',
    PARITY_ENV: options.environment,
    PYTHONPATH: [EXAMPLES, options.vendorDir ?? path.join(EXAMPLES, 'demo', 'vendor', options.environment)].join(
      path.delimiter,
    ),
    PYTHONDONTWRITEBYTECODE: '1',
    // Not a secret: a local demo database path, so secrets_present has something to report.
    DATABASE_URL: `sqlite:///demo-${options.environment}.db`,
    ...(options.settingsFile ? { PARITY_SETTINGS: options.settingsFile } : {}),
  };
  const running = launch(
    PYTHON,
    [
      '-m',
      'uvicorn',
      '--app-dir',
      path.join(EXAMPLES, 'demo'),
      'app:app',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--log-level',
      'warning',
      '--no-access-log',
      ...(options.tls ? ['--ssl-keyfile', options.tls.keyFile, '--ssl-certfile', options.tls.certFile] : []),
    ],
    env,
    EXAMPLES,
  );
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  try {
    await waitHealthy(
      `${url}/healthz`,
      running,
      `demo ${options.service ?? 'checkout-api'} ${options.environment} (uvicorn on port ${port})`,
    );
  } catch (error) {
    await stopProcess(running.child, 'SIGKILL');
    throw error;
  }
  return { url, appUrl: url, stop: () => stopProcess(running.child) };
}

export interface NginxOptions {
  upstream: string;
  port?: number;
  /** nginx client_max_body_size, e.g. "10m": the effective upload limit at the edge. */
  maxBodySize: string;
  /** How the CDN reports cache status. */
  cacheHeader: 'cache-status' | 'x-cache';
  /** Extra server-level directives. */
  extra?: string;
}

/** nginx with proxy_cache in front of an upstream, as a CDN would be. */
export async function startNginx(options: NginxOptions): Promise<StartedEnvironment> {
  const port = options.port || (await freePort());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'paritybook-nginx-'));
  // Workers may run as an unprivileged user: they must reach the cache and temp folders.
  await chmod(dir, 0o755);
  await mkdir(path.join(dir, 'logs'));
  const upstream = new URL(options.upstream);
  const cacheHeader =
    options.cacheHeader === 'cache-status'
      ? 'add_header Cache-Status $paritycdn_status always;'
      : 'add_header X-Cache $upstream_cache_status always;';
  const passthrough = `proxy_pass http://${upstream.host}; proxy_set_header Host $host; proxy_cache off;`;
  const config = `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  proxy_cache_path ${dir}/cache levels=1 keys_zone=paritycdn:1m max_size=20m inactive=10m use_temp_path=off;
  # RFC 9211 Cache-Status from nginx's own cache status.
  map $upstream_cache_status $paritycdn_status {
    HIT "paritycdn; hit";
    STALE "paritycdn; fwd=stale";
    UPDATING "paritycdn; fwd=stale";
    EXPIRED "paritycdn; fwd=stale";
    BYPASS "paritycdn; fwd=bypass";
    default "paritycdn; fwd=miss";
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size ${options.maxBodySize};
    ${options.extra ?? ''}
    # The parity document, health and metrics are never cached.
    location /__parity { ${passthrough} }
    location = /healthz { ${passthrough} }
    location = /metrics { ${passthrough} }
    location / {
      proxy_pass http://${upstream.host};
      proxy_set_header Host $host;
      proxy_cache paritycdn;
      proxy_cache_valid 200 1m;
      ${cacheHeader}
    }
  }
}
`;
  await writeFile(path.join(dir, 'nginx.conf'), config);
  const running = launch(
    NGINX,
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'logs', 'error.log')],
    { PATH: process.env.PATH },
    dir,
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(`${url}/healthz`, running, `nginx on port ${port}`);
  } catch (error) {
    await stopProcess(running.child, 'SIGKILL');
    throw error;
  }
  return {
    url,
    appUrl: options.upstream,
    stop: async () => {
      await stopProcess(running.child, 'SIGQUIT');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Services of the demo knowledge base that the demo app can play (examples/demo/envs/<service>/). */
export async function demoServiceIds(): Promise<Set<string>> {
  return new Set(await readdir(path.join(EXAMPLES, 'demo', 'envs')));
}

export interface DemoServiceOptions {
  service: string;
  environment: 'staging' | 'production';
  /** Port clients use (the CDN's when there is one); 0 or undefined: a free port. */
  port?: number;
  /** nginx with proxy_cache in front, enforcing the environment's own upload limit, as a CDN would. */
  cdn: boolean;
}

/**
 * One environment of one demo service: the demo app with that service's settings, and optionally a
 * CDN in front whose upload limit is the environment's own (`max_upload_bytes` of its settings).
 * Returns what was started, last in first out for stopping; `url` is what a client calls.
 */
export async function startDemoService(
  options: DemoServiceOptions,
): Promise<{ url: string; started: StartedEnvironment[] }> {
  const { service, environment, cdn } = options;
  const app = await startFastApi({ service, environment, port: cdn ? 0 : options.port });
  if (!cdn) return { url: app.url, started: [app] };
  try {
    const settings = JSON.parse(
      await readFile(path.join(EXAMPLES, 'demo', 'envs', service, `${environment}.json`), 'utf8'),
    ) as { max_upload_bytes?: number };
    const edge = await startNginx({
      upstream: app.url,
      port: options.port,
      maxBodySize: String(settings.max_upload_bytes ?? 10 * 1024 * 1024),
      // The two environments report cache status differently, as two CDN vendors would.
      cacheHeader: environment === 'staging' ? 'cache-status' : 'x-cache',
    });
    return { url: edge.url, started: [app, edge] };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

/** The port of a service file's environment URL, where `npm start` puts that demo environment. */
const portOf = (url: string) => Number(new URL(url).port);

/**
 * Starts both environments of every demo service on the ports their service files name
 * (content/services/*.yaml: checkout-api on 18001/18002, media-api on 18011/18012, …), waits until
 * each answers, and returns a stop() that takes them all down. Where nginx is installed (and
 * PARITYBOOK_DEMO_CDN is not "0"), each environment has a CDN in front on that port and the app
 * behind it on a free one, so the CDN probes have something to read.
 */
export async function startDemoEnvironments(
  options: { log?: (line: string) => void; cdn?: boolean; contentDir?: string } = {},
): Promise<{ stop(): Promise<void>; urls: Record<string, Record<'staging' | 'production', string>> }> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[demo] ${line}\n`));
  const cdn = options.cdn ?? (process.env.PARITYBOOK_DEMO_CDN !== '0' && existsSync(NGINX));
  const playable = await demoServiceIds();
  const services = (await loadServices(options.contentDir ?? path.join(ROOT, 'content'), ROOT)).filter((service) =>
    playable.has(service.id),
  );
  const started: StartedEnvironment[] = [];
  const urls: Record<string, Record<'staging' | 'production', string>> = {};
  const stopAll = async () => {
    // Last started first: each CDN before the app behind it.
    for (const environment of [...started].reverse()) await environment.stop();
  };
  try {
    for (const service of services) {
      urls[service.id] = { staging: '', production: '' };
      for (const environment of ['staging', 'production'] as const) {
        const port = portOf(service.environments[environment].url);
        const demo = await startDemoService({ service: service.id, environment, port, cdn });
        started.push(...demo.started);
        urls[service.id]![environment] = demo.url;
        log(`${service.id} ${environment} answers at ${demo.url}${cdn ? ' (nginx cache in front)' : ''}`);
      }
    }
  } catch (error) {
    await stopAll();
    const ports = services.flatMap((service) => Object.values(service.environments).map((env) => portOf(env.url)));
    throw new EnvironmentStartError(
      `could not start the demo environments (ports ${ports.join(', ')} must be free, and ${PYTHON} needs fastapi and uvicorn)`,
      { cause: error },
    );
  }
  return {
    urls,
    stop: async () => {
      await stopAll();
      log('demo environments stopped');
    },
  };
}

/** `node scripts/lib/demo-envs.ts`: the demo environments on their fixed ports until Ctrl-C. */
export const demoEnvsCommand = defineCommand({
  name: 'demo-envs',
  invocation: 'node scripts/lib/demo-envs.ts',
  summary: `Starts every demo service's staging and production on 127.0.0.1, on the ports its service file names
(behind nginx where it is installed), and keeps them up until Ctrl-C; then run npm run snapshot.`,
  options: {},
  errors: [{ type: EnvironmentStartError, exitCode: 2 }],
  logPrefix: '[demo]',
  async run({ log }) {
    const demo = await startDemoEnvironments();
    log('press Ctrl-C to stop');
    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    await demo.stop();
  },
});

if (import.meta.main) await runMain(demoEnvsCommand);
