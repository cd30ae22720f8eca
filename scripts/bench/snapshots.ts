/**
 * Parity snapshots for the generated services, so the benchmarked build renders real parity
 * panels from recorded data: two local servers stand in for every service's staging and
 * production (production one version behind, a flag off, HSTS only on production), and the
 * project's own snapshot runner (src/parity/run.ts) pulls them into a store under $BENCH_ROOT
 * that the builds then read through PARITYBOOK_SNAPSHOT_DIR. Nothing leaves 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { runSnapshots } from '../../src/parity/run.ts';
import { serviceSchema } from '../../src/schemas/service.ts';

function environmentServer(environment: 'staging' | 'production'): Server {
  const production = environment === 'production';
  const document = (service: string) =>
    JSON.stringify({
      schema: 'parity/1',
      service,
      environment,
      generated_at: '2026-11-27T10:00:00Z',
      version: {
        source: `https://git.example.com/${service}`,
        version: production ? '1.41.0' : '1.42.0',
        commit: production ? 'a1b2c3d' : 'e4f5a6b',
      },
      runtime: { python: '3.11.2', implementation: 'CPython' },
      packages: { fastapi: '0.115.0', pydantic: production ? '2.9.1' : '2.9.2' },
      migrations: { tool: 'alembic', code_heads: ['0042'], db_heads: ['0042'], in_sync: true },
      config: { flags: { new_checkout: !production }, secrets_present: { DATABASE_URL: true } },
      limits: { max_upload_bytes: 10485760 },
      checks: { database: 'ok' },
    });
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    const headers: Record<string, string> = {
      'cache-control': 'public, max-age=60',
      'x-content-type-options': 'nosniff',
    };
    if (production) headers['strict-transport-security'] = 'max-age=31536000';
    if (url.startsWith('/__parity')) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(document('bench-service'));
    } else if (url === '/metrics') {
      response
        .writeHead(200, { 'content-type': 'text/plain' })
        .end('http_requests_total{status="200"} 100\nhttp_requests_total{status="500"} 1\n');
    } else {
      response.writeHead(200, { ...headers, 'content-type': 'text/plain', 'x-cache': 'HIT', age: '12' }).end('ok');
    }
  });
  server.on('checkContinue', (request, response) => {
    if (Number(request.headers['content-length']) > 10485760) response.writeHead(413, { connection: 'close' }).end();
    else response.writeContinue();
  });
  return server;
}

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

/** Pulls snapshots of every generated service into `store` (replaced); returns seconds taken. */
export async function recordSnapshots(
  serviceFiles: Record<string, unknown>[],
  store: string,
): Promise<{ seconds: number; services: number; down: number }> {
  await rm(store, { recursive: true, force: true });
  const staging = environmentServer('staging');
  const production = environmentServer('production');
  const [stagingUrl, productionUrl] = await Promise.all([listen(staging), listen(production)]);
  try {
    const services = serviceFiles.map((file) =>
      serviceSchema.parse({
        ...file,
        environments: { staging: { url: stagingUrl }, production: { url: productionUrl } },
        probe: { probes: ['health', 'parity', 'headers', 'cache', 'upload', 'metrics'], timeoutMs: 5000 },
      }),
    );
    const started = performance.now();
    const results = await runSnapshots({ services, store, demoDir: null });
    const down = results
      .flatMap((result) => result.environments)
      .filter((environment) => !environment.reachable).length;
    return { seconds: (performance.now() - started) / 1000, services: services.length, down };
  } finally {
    await Promise.all([staging, production].map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
