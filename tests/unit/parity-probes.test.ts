/** Probes against real local servers (node:http / node:tls on free loopback ports). */
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedGet } from '../../src/parity/http.ts';
import { summariseMetrics } from '../../src/parity/metrics.ts';
import { findUploadLimit, readCertificate, uploadAccepted } from '../../src/parity/raw.ts';
import { selfSignedCertificate, streamMegabytes } from '../support/parity.ts';

let server: http.Server;
let base: string;
let bodiesReceived = 0;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/big') {
      // 50 MB, streamed: the client must stop reading long before the end.
      response.writeHead(200, { 'content-type': 'application/json' });
      streamMegabytes(response, 50, 'a');
      response.on('close', () => {});
      return;
    }
    if (url.pathname === '/drip') {
      response.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => response.write(' '), 100);
      response.on('close', () => clearInterval(timer));
      return;
    }
    if (url.pathname === '/away') {
      response.writeHead(302, { location: 'http://192.0.2.1/steal' });
      response.end();
      return;
    }
    if (url.pathname === '/hop') {
      response.writeHead(301, { location: '/ok' });
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok');
  });
  // Upload route: decides from Content-Length, as nginx and the reference router do.
  server.on('checkContinue', (request, response) => {
    const length = Number(request.headers['content-length']);
    if (length > 10 * 1024 * 1024) {
      response.writeHead(413, { connection: 'close' });
      response.end();
      return;
    }
    response.writeContinue();
    request.on('data', () => {
      bodiesReceived++;
    });
    request.on('end', () => response.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('boundedGet', () => {
  it('stops reading a 50 MB body at the cap', async () => {
    await expect(boundedGet(`${base}/big`, { timeoutMs: 5000, maxBytes: 256 * 1024 })).rejects.toMatchObject({
      code: 'too-large',
    });
  });

  it('times out a body that drips forever', async () => {
    const timeoutMs = 400;
    const started = Date.now();
    await expect(boundedGet(`${base}/drip`, { timeoutMs, maxBytes: 1024 * 1024 })).rejects.toMatchObject({
      code: 'timeout',
    });
    // The drip never ends: stopping at all proves the timeout holds; the slack is for a busy machine.
    expect(Date.now() - started).toBeLessThan(timeoutMs + 5000);
  });

  it('does not follow a redirect to another host', async () => {
    await expect(boundedGet(`${base}/away`, { timeoutMs: 2000, maxBytes: 1024 })).rejects.toMatchObject({
      code: 'redirect-other-host',
    });
  });

  it('follows a redirect on the same origin', async () => {
    const response = await boundedGet(`${base}/hop`, { timeoutMs: 2000, maxBytes: 1024 });
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(response.body)).toBe('ok');
  });

  it('reports a closed port as unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(boundedGet(`http://127.0.0.1:${port}/`, { timeoutMs: 2000, maxBytes: 1024 })).rejects.toMatchObject({
      code: 'unreachable',
      message: `nothing accepts connections at 127.0.0.1:${port} (connection refused)`,
    });
  });
});

describe('upload probe', () => {
  it('reads 100 Continue and 413 without ever sending a body', async () => {
    expect(await uploadAccepted(`${base}/upload`, 1024, 2000)).toBe(true);
    expect(await uploadAccepted(`${base}/upload`, 20 * 1024 * 1024, 2000)).toBe(false);
    const limit = await findUploadLimit((bytes) => uploadAccepted(`${base}/upload`, bytes, 2000), [10 * 1024 * 1024]);
    expect(limit).toMatchObject({ acceptsUpTo: 10 * 1024 * 1024, rejectsFrom: 10 * 1024 * 1024 + 1 });
    expect(limit.requests).toBe(2);
    expect(bodiesReceived).toBe(0);
  });

  it('brackets the limit without a declared value', async () => {
    const limit = await findUploadLimit((bytes) => uploadAccepted(`${base}/upload`, bytes, 2000));
    expect(limit).toMatchObject({ acceptsUpTo: 10 * 1024 * 1024, rejectsFrom: 16 * 1024 * 1024 });
  });

  it('explains a route that does not take uploads', async () => {
    const other = http.createServer((_req, res) => res.writeHead(405).end());
    other.on('checkContinue', (_req, res) => res.writeHead(405).end());
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    await expect(uploadAccepted(url, 10, 2000)).rejects.toMatchObject({ code: 'http-status' });
    await new Promise<void>((resolve) => other.close(() => resolve()));
  });

  it('says in words that the server hung up', async () => {
    const hangsUp = net.createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((resolve) => hangsUp.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(hangsUp.address() as AddressInfo).port}`;
    await expect(uploadAccepted(`http://${host}/`, 10, 2000)).rejects.toMatchObject({
      code: 'unreachable',
      message: `${host} accepted the connection and closed it without answering`,
    });
    await new Promise<void>((resolve) => hangsUp.close(() => resolve()));
  });
});

describe('TLS certificate', () => {
  it('reads issuer and expiry, and flags a certificate that expires within 14 days', async () => {
    const tlsServer = https.createServer(selfSignedCertificate('/O=Parity Test CA/CN=127.0.0.1', 7), (_req, res) =>
      res.end('ok'),
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const info = await readCertificate(`https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/`, 3000);
    await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    expect(info.issuer).toBe('O=Parity Test CA, CN=127.0.0.1');
    expect(info.daysLeft).toBeGreaterThanOrEqual(6);
    expect(info.daysLeft).toBeLessThan(14);
    expect(info.authorized).toBe(false);
  });

  it('says so when an https URL reaches a plain http server', async () => {
    const host = new URL(base).host;
    await expect(readCertificate(`https://${host}/`, 3000)).rejects.toMatchObject({
      code: 'tls',
      message: `${host} does not speak TLS on an https:// URL: is it plain http?`,
    });
  });
});

describe('metrics', () => {
  it('computes error rate and latency from Prometheus text', () => {
    const text = [
      '# TYPE http_requests_total counter',
      'http_requests_total{status="200"} 90',
      'http_requests_total{status="503"} 10',
      '# TYPE http_request_duration_seconds histogram',
      'http_request_duration_seconds_bucket{le="0.05"} 80',
      'http_request_duration_seconds_bucket{le="0.25"} 96',
      'http_request_duration_seconds_bucket{le="+Inf"} 100',
      'http_request_duration_seconds_sum 5',
      'http_request_duration_seconds_count 100',
    ].join('\n');
    expect(summariseMetrics(text)).toEqual({
      requests: 100,
      error_rate: 0.1,
      latency_mean_ms: 50,
      latency_p95_ms: 250,
    });
  });
});

describe('an environment that does not answer', () => {
  it('stops every probe when health times out, instead of waiting for each timeout in turn', async () => {
    const { default: pLimit } = await import('p-limit');
    const { probeEnvironment } = await import('../../src/parity/probe.ts');
    const { serviceSchema } = await import('../../src/schemas/service.ts');
    // Long, so that the room the bound below leaves (a second timeout) holds on a busy machine too.
    const timeoutMs = 2000;
    // Accepts connections and never answers: a blackholed environment.
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const service = serviceSchema.parse({
      id: 'silent',
      name: 'Silent',
      owner: 'ops',
      environments: { staging: { url }, production: { url } },
      probe: { timeoutMs },
    });
    const started = Date.now();
    const snapshot = await probeEnvironment(service, 'production', new Date(), { limit: pLimit(16) });
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    // Every probe stops at its first timeout or sooner: none goes on to wait for a second one.
    expect(Date.now() - started).toBeLessThan(2 * timeoutMs);
    expect(
      Object.entries(snapshot.probes)
        .map(([name, o]) => `${name} ${o?.ok} ${o?.code}`)
        .sort(),
    ).toEqual([
      'cache false timeout',
      'headers false timeout',
      'health false timeout',
      'metrics false timeout',
      'parity false timeout',
      'upload false timeout',
    ]);
  });
});
