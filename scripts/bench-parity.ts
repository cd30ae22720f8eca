/**
 * Parity benchmark: N services × 2 environments, every answer delayed by D ms, pulled end to
 * end by the snapshot runner (probes, redaction, validation, store writes, diff). Prints the
 * median of R runs. Usage: node scripts/bench-parity.ts [--services 100] [--delay 100] [--runs 5] [--json]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runSnapshots } from '../src/parity/run.ts';
import { serviceSchema, type Service } from '../src/schemas/service.ts';

export interface ParityBenchResult {
  services: number;
  environments: number;
  delayMs: number;
  runsMs: number[];
  medianMs: number;
  requestsPerRun: number;
}

const DOCUMENT = JSON.stringify({
  schema: 'parity/1', service: 'bench', environment: 'x', version: { version: '1.0.0', commit: 'abc' },
  packages: { fastapi: '0.115.0', pydantic: '2.9.2' }, config: { flags: { beta: true }, secrets_present: { DATABASE_URL: true } },
  limits: { max_upload_bytes: 10485760 }, checks: { database: 'ok' },
});

/** One server standing in for every environment; each answer (and each 100 Continue) waits `delayMs`. */
function slowServer(delayMs: number, counter: { requests: number }): http.Server {
  const later = (fn: () => void) => setTimeout(fn, delayMs);
  const server = http.createServer((request, response) => {
    counter.requests++;
    later(() => {
      const url = request.url ?? '/';
      if (url.startsWith('/__parity')) response.writeHead(200, { 'content-type': 'application/json' }).end(DOCUMENT);
      else if (url === '/metrics') response.writeHead(200).end('http_requests_total{status="200"} 10\n');
      else response.writeHead(200, { 'cache-control': 'public, max-age=60', 'x-cache': 'HIT', 'strict-transport-security': 'max-age=31536000' }).end('ok');
    });
  });
  server.on('checkContinue', (request, response) => {
    counter.requests++;
    later(() => {
      if (Number(request.headers['content-length']) > 10485760) response.writeHead(413, { connection: 'close' }).end();
      else response.writeContinue();
    });
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

export async function benchParity(options: { services?: number; delayMs?: number; runs?: number; log?: (line: string) => void } = {}): Promise<ParityBenchResult> {
  const count = options.services ?? 100;
  const delayMs = options.delayMs ?? 100;
  const runs = options.runs ?? 5;
  const counter = { requests: 0 };
  const server = slowServer(delayMs, counter);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const services: Service[] = Array.from({ length: count }, (_, i) =>
    serviceSchema.parse({
      id: `bench-${i}`, name: `Bench ${i}`, owner: 'bench',
      environments: { staging: { url: base }, production: { url: base } },
    }),
  );
  const runsMs: number[] = [];
  let requestsPerRun = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const store = await mkdtemp(path.join(os.tmpdir(), 'paritybook-bench-'));
      const before = counter.requests;
      const started = performance.now();
      await runSnapshots({ services, store, demoDir: null });
      runsMs.push(Math.round(performance.now() - started));
      requestsPerRun = counter.requests - before;
      options.log?.(`run ${run + 1}: ${runsMs.at(-1)} ms, ${requestsPerRun} requests`);
      await rm(store, { recursive: true, force: true });
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { services: count, environments: count * 2, delayMs, runsMs, medianMs: sorted[Math.floor(sorted.length / 2)], requestsPerRun };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { services: { type: 'string' }, delay: { type: 'string' }, runs: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const result = await benchParity({
    services: values.services ? Number(values.services) : undefined,
    delayMs: values.delay ? Number(values.delay) : undefined,
    runs: values.runs ? Number(values.runs) : undefined,
    log: (line) => process.stderr.write(`[bench-parity] ${line}\n`),
  });
  process.stdout.write(
    values.json
      ? `${JSON.stringify(result)}\n`
      : `parity snapshot: ${result.services} services × 2 environments, ${result.delayMs} ms per answer, ${result.requestsPerRun} requests: median ${result.medianMs} ms of ${result.runsMs.length} runs (${result.runsMs.join(', ')})\n`,
  );
  process.exitCode = result.medianMs < 2000 ? 0 : 1;
}
