/**
 * Probe failures after the connection succeeded say what happened in words, not in undici's codes:
 * a server that closes mid-response, one that sends oversized headers, one that speaks TLS on an
 * http:// URL, and one that hangs up without a word.
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../support/parity.ts';
import { type CommandResult, copySite, listen, serviceFile, type SiteCopy } from './secrets-support.ts';
import { lastAttempt, stopAll } from './secrets-support.ts';

async function listenOn(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Answers the status line, the headers and the start of a 1000-byte body, then hangs up. */
const closesMidResponse = () =>
  net.createServer((socket) =>
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"status":');
      socket.destroy();
    }),
  );
/** Reads the request and closes without a byte of answer. */
const hangsUp = () => net.createServer((socket) => socket.once('data', () => socket.destroy()));

let site: SiteCopy;
const servers: net.Server[] = [];
const ports: Record<string, number> = {};
let snapshot: CommandResult;

beforeAll(async () => {
  const oversized = await listen((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html', 'x-padding': 'a'.repeat(40 * 1024) }).end('<p>ok</p>');
  });
  servers.push(oversized.server);
  ports['oversized-headers'] = oversized.port;
  for (const [id, server] of [
    ['closes-mid-response', closesMidResponse()],
    ['speaks-tls', tls.createServer(selfSignedCertificate(), (socket) => socket.end('HTTP/1.1 200 OK\r\n\r\n'))],
    ['hangs-up', hangsUp()],
  ] as const) {
    servers.push(server);
    ports[id] = await listenOn(server);
  }
  site = copySite('probe-errors');
  for (const [id, port] of Object.entries(ports)) {
    const url = `http://127.0.0.1:${port}`;
    site.write(`services/${id}.yaml`, serviceFile(id, { staging: url, production: url }));
  }
  snapshot = await site.npm('snapshot', ['--json']);
}, 600_000);

afterAll(() => stopAll(servers, site));

const healthOf = (id: string) => lastAttempt(site, id, 'production').probes.health;

describe('probe failures', () => {
  it('are recorded as plain sentences that say what the server did', () => {
    expect(snapshot.code, snapshot.stderr).toBe(1);
    const host = (id: string) => `127.0.0.1:${ports[id]}`;
    expect(healthOf('closes-mid-response')).toMatchObject({
      ok: false,
      code: 'protocol',
      reason: `${host('closes-mid-response')} closed the connection before the response finished`,
    });
    expect(healthOf('oversized-headers')).toMatchObject({
      ok: false,
      code: 'too-large',
      reason: `the response headers from ${host('oversized-headers')} are over ${Math.round(http.maxHeaderSize / 1024)} kB, more than paritybook reads`,
    });
    expect(healthOf('speaks-tls')).toMatchObject({
      ok: false,
      reason: `${host('speaks-tls')} speaks TLS on an http:// URL: use https://${host('speaks-tls')} in the service file`,
    });
    expect(healthOf('hangs-up')).toMatchObject({
      ok: false,
      reason: `${host('hangs-up')} accepted the connection and closed it without answering`,
    });

    // No library error code anywhere: not in the report, the log, or any stored attempt.
    const stored = readdirSync(path.join(site.dir, '.paritybook', 'snapshots'), { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.json'))
      .map((file) => readFileSync(path.join(site.dir, '.paritybook', 'snapshots', file), 'utf8'));
    for (const text of [snapshot.stdout, snapshot.stderr, ...stored]) {
      expect(text).not.toMatch(/UND_ERR|HPE_|ECONN|ERR_SSL|\bEPROTO\b|other side closed|fetch failed|terminated/);
    }
  });
});
