/**
 * Parity benchmark: N services × 2 environments, every answer delayed by D ms, pulled end to
 * end by the snapshot runner (probes, redaction, validation, store writes, diff). Prints the
 * median of R runs. Usage: node scripts/bench-parity.ts [--services 100] [--delay 100] [--runs 5] [--concurrency N] [--json]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSnapshots } from '../src/parity/run.ts';
import { serviceSchema, type Service } from '../src/schemas/service.ts';
import { defineCommand, runMain, wholeNumber, type OptionSpecs } from './lib/cli.ts';

export interface ParityBenchResult {
  services: number;
  environments: number;
  delayMs: number;
  runsMs: number[];
  medianMs: number;
  /** CPU time (user + system) of this process per run: what a busy machine makes you wait for. */
  cpuMs: number[];
  requestsPerRun: number;
}

const DOCUMENT = JSON.stringify({
  schema: 'parity/1',
  service: 'bench',
  environment: 'x',
  version: { version: '1.0.0', commit: 'abc' },
  packages: { fastapi: '0.115.0', pydantic: '2.9.2' },
  config: { flags: { beta: true }, secrets_present: { DATABASE_URL: true } },
  limits: { max_upload_bytes: 10485760 },
  checks: { database: 'ok' },
});

/** One server standing in for every environment; each answer (and each 100 Continue) waits `delayMs`. */
function slowServer(delayMs: number, counter: { requests: number }): http.Server {
  const later = (fn: () => void) => setTimeout(fn, delayMs);
  const server = http.createServer((request, response) => {
    counter.requests++;
    later(() => {
      const url = request.url ?? '/';
      if (url === '/__count') response.writeHead(200).end(String(counter.requests));
      else if (url.startsWith('/__parity'))
        response.writeHead(200, { 'content-type': 'application/json' }).end(DOCUMENT);
      else if (url === '/metrics') response.writeHead(200).end('http_requests_total{status="200"} 10\n');
      else
        response
          .writeHead(200, {
            'cache-control': 'public, max-age=60',
            'x-cache': 'HIT',
            'strict-transport-security': 'max-age=31536000',
          })
          .end('ok');
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

export async function benchParity(
  options: {
    services?: number;
    delayMs?: number;
    runs?: number;
    concurrency?: number;
    log?: (line: string) => void;
  } = {},
): Promise<ParityBenchResult> {
  const count = options.services ?? 100;
  const delayMs = options.delayMs ?? 100;
  const runs = options.runs ?? 5;
  // The environments run in their own process, so the CPU time measured is the snapshot's alone.
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', '--delay', String(delayMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`benchmark server exited (${code})`)));
  });
  const services: Service[] = Array.from({ length: count }, (_, i) =>
    serviceSchema.parse({
      id: `bench-${i}`,
      name: `Bench ${i}`,
      owner: 'bench',
      environments: { staging: { url: base }, production: { url: base } },
    }),
  );
  const runsMs: number[] = [];
  const cpuMs: number[] = [];
  let requestsPerRun = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const store = await mkdtemp(path.join(os.tmpdir(), 'paritybook-bench-'));
      const before = await fetch(`${base}/__count`).then((r) => r.json() as Promise<number>);
      const started = performance.now();
      const cpu = process.cpuUsage();
      await runSnapshots({
        services,
        store,
        demoDir: null,
        concurrency: options.concurrency,
      });
      runsMs.push(Math.round(performance.now() - started));
      const used = process.cpuUsage(cpu);
      cpuMs.push(Math.round((used.user + used.system) / 1000));
      requestsPerRun = (await fetch(`${base}/__count`).then((r) => r.json() as Promise<number>)) - before - 1;
      options.log?.(`run ${run + 1}: ${runsMs.at(-1)} ms (cpu ${cpuMs.at(-1)} ms), ${requestsPerRun} requests`);
      await rm(store, { recursive: true, force: true });
    }
  } finally {
    child.kill();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    services: count,
    environments: count * 2,
    delayMs,
    runsMs,
    medianMs: median(runsMs),
    cpuMs,
    requestsPerRun,
  };
}

const OPTIONS = {
  services: { type: 'string', default: '100', value: 'N', description: 'services, each with two environments' },
  delay: { type: 'string', default: '100', value: 'ms', description: 'delay of every answer' },
  runs: { type: 'string', default: '5', value: 'R', description: 'runs; the median is reported' },
  concurrency: {
    type: 'string',
    value: 'N',
    description: 'requests in flight at once',
    defaultText: "the snapshot runner's",
  },
  json: { type: 'boolean', default: false, description: 'print the result as JSON' },
  serve: {
    type: 'boolean',
    default: false,
    description: 'only serve the slow environments and print their URL (the benchmark runs this itself)',
  },
} satisfies OptionSpecs;

async function serve(delayMs: number): Promise<void> {
  const server = slowServer(delayMs, { requests: 0 });
  server.listen(0, '127.0.0.1', () =>
    process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`),
  );
  // Until the benchmark stops it.
  await once(process, 'SIGTERM');
  server.closeAllConnections();
  server.close();
}

export const benchParityCommand = defineCommand({
  name: 'bench-parity',
  invocation: 'node scripts/bench-parity.ts',
  summary: `Pulls N services × 2 environments, every answer delayed, end to end with the snapshot runner
(probes, redaction, validation, store writes, diff) and prints the median of R runs.`,
  options: OPTIONS,
  exitCodes: { 0: 'median under 2 s', 1: 'median 2 s or more', 2: 'usage error' },
  logPrefix: '[bench-parity]',
  async run({ values, log }) {
    const delayMs = wholeNumber('delay', values.delay);
    if (values.serve) return serve(delayMs);
    const result = await benchParity({
      services: wholeNumber('services', values.services, { min: 1 }),
      delayMs,
      runs: wholeNumber('runs', values.runs, { min: 1 }),
      concurrency: values.concurrency ? wholeNumber('concurrency', values.concurrency, { min: 1 }) : undefined,
      log,
    });
    process.stdout.write(
      values.json
        ? `${JSON.stringify(result)}\n`
        : `parity snapshot: ${result.services} services × 2 environments, ${result.delayMs} ms per answer, ${result.requestsPerRun} requests: median ${result.medianMs} ms of ${result.runsMs.length} runs (${result.runsMs.join(', ')}); CPU per run ${result.cpuMs.join(', ')} ms\n`,
    );
    return result.medianMs < 2000 ? 0 : 1;
  },
});

if (import.meta.main) await runMain(benchParityCommand);
