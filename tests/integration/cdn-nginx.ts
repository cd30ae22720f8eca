/**
 * Two real nginx processes for tests: an origin serving a site folder with the generated
 * nginx-paritybook.conf, and a CDN in front of it with proxy_cache. Loopback only, ports picked
 * by the OS, configs in a temporary folder, stopped by pid.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/lib/net.ts';

export const NGINX = process.env.PARITYBOOK_NGINX ?? '/usr/sbin/nginx';

function common(prefix: string, name: string): string {
  const user = os.userInfo().username;
  return `
# Only meaningful (and needed, for files in a private temporary folder) when started as root.
user ${user};
daemon off;
worker_processes 1;
pid ${prefix}/${name}.pid;
error_log ${prefix}/${name}-error.log warn;
events { worker_connections 128; }
`;
}

function httpCommon(prefix: string, name: string): string {
  return `
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${prefix}/${name}-access.log;
  client_body_temp_path ${prefix}/${name}-tmp/body;
  proxy_temp_path ${prefix}/${name}-tmp/proxy;
  fastcgi_temp_path ${prefix}/${name}-tmp/fastcgi;
  uwsgi_temp_path ${prefix}/${name}-tmp/uwsgi;
  scgi_temp_path ${prefix}/${name}-tmp/scgi;
  sendfile on;
`;
}

export function originConfig(prefix: string, root: string, port: number): string {
  return `${common(prefix, 'origin')}
http {
${httpCommon(prefix, 'origin')}
  server {
    listen 127.0.0.1:${port};
    server_name localhost;
    root ${root};
    include ${root}/nginx-paritybook.conf;
  }
}
`;
}

export function cdnConfig(prefix: string, originPort: number, port: number): string {
  return `${common(prefix, 'cdn')}
http {
${httpCommon(prefix, 'cdn')}
  proxy_cache_path ${prefix}/cdn-cache levels=1:2 keys_zone=cdn:4m max_size=100m inactive=1h use_temp_path=off;
  server {
    listen 127.0.0.1:${port};
    server_name localhost;
    location / {
      proxy_pass http://127.0.0.1:${originPort};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      # Like a CDN: store what the origin's Cache-Control allows, revalidate with ETag when stale.
      proxy_cache cdn;
      proxy_cache_revalidate on;
      proxy_cache_lock on;
      add_header X-Cache-Status $upstream_cache_status always;
    }
  }
}
`;
}

async function waitForPort(port: number, child: ChildProcess, logFile: string): Promise<void> {
  // nginx answers within milliseconds of starting on an idle machine; a busy one can take seconds.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`nginx exited (${child.exitCode}): ${await readFile(logFile, 'utf8').catch(() => '')}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`, {
        signal: AbortSignal.timeout(1000),
      });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`nginx did not answer on port ${port}`);
}

export interface RunningNginx {
  port: number;
  url: string;
  prefix: string;
  stop(): Promise<void>;
}

async function startOne(prefix: string, name: string, render: (port: number) => string): Promise<RunningNginx> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const conf = path.join(prefix, `${name}.conf`);
    await mkdir(path.join(prefix, `${name}-tmp`), { recursive: true });
    await writeFile(conf, render(port));
    const child = spawn(NGINX, ['-p', prefix, '-c', conf], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    try {
      await waitForPort(port, child, path.join(prefix, `${name}-error.log`));
      const stop = async () => {
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      };
      return { port, url: `http://127.0.0.1:${port}`, prefix, stop };
    } catch (error) {
      child.kill('SIGKILL');
      lastError = new Error(`${String(error)} ${stderr}`);
    }
  }
  throw lastError;
}

export interface CdnStack {
  origin: RunningNginx;
  cdn: RunningNginx;
  prefix: string;
  stop(): Promise<void>;
}

/** Origin nginx serving `root` (which must hold nginx-paritybook.conf), a caching nginx in front. */
export async function startCdnStack(root: string): Promise<CdnStack> {
  if (!existsSync(NGINX))
    throw new Error(`nginx not found at ${NGINX}: install it (npm test does, where it can) or set PARITYBOOK_NGINX`);
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'paritybook-cdn-'));
  const origin = await startOne(prefix, 'origin', (port) => originConfig(prefix, root, port));
  let cdn: RunningNginx;
  try {
    cdn = await startOne(prefix, 'cdn', (port) => cdnConfig(prefix, origin.port, port));
  } catch (error) {
    await origin.stop();
    throw error;
  }
  return {
    origin,
    cdn,
    prefix,
    async stop() {
      await cdn.stop();
      await origin.stop();
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

/** `nginx -t` on the origin config for `root`: the snippet must be valid nginx. */
export async function testOriginConfig(root: string): Promise<{ ok: boolean; output: string }> {
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'paritybook-nginx-t-'));
  try {
    await mkdir(path.join(prefix, 'origin-tmp'), { recursive: true });
    const conf = path.join(prefix, 'origin.conf');
    await writeFile(conf, originConfig(prefix, root, await freePort()));
    const result = spawnSync(NGINX, ['-t', '-p', prefix, '-c', conf], {
      encoding: 'utf8',
    });
    return {
      ok: result.status === 0,
      output: `${result.stdout}${result.stderr}`,
    };
  } finally {
    await rm(prefix, { recursive: true, force: true });
  }
}
