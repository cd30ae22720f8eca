/** Helpers shared by the parity tests: arguments of the snapshot command, hostile HTTP answers, certificates. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import type { DriftEntry } from '../../src/schemas/snapshot.ts';

/** `--content <dir>/content --store <dir>/store`: a temporary knowledge base and snapshot store. */
export const storeArgs = (dir: string) => ['--content', path.join(dir, 'content'), '--store', path.join(dir, 'store')];

/** Streams `megabytes` MiB of `fill` as fast as the client reads: the client must stop long before the end. */
export function streamMegabytes(response: ServerResponse, megabytes: number, fill: string): void {
  const chunk = Buffer.alloc(1024 * 1024, fill);
  let sent = 0;
  const pump = () => {
    while (sent < megabytes && response.write(chunk)) sent++;
    if (sent >= megabytes) response.end();
    else response.once('drain', pump);
  };
  pump();
}

/** A self-signed certificate made with the openssl command for this run, e.g. for node:tls or node:https servers. */
export function selfSignedCertificate(subject = '/CN=127.0.0.1', days = 1): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paritybook-cert-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        String(days),
        '-subj',
        subject,
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A compared path as the diff writes it; `values` are what staging and production showed, when the test needs them. */
export const driftEntry = (
  comparedPath: string,
  klass: DriftEntry['class'],
  severity: DriftEntry['severity'],
  values: Pick<DriftEntry, 'staging' | 'production'> = {},
): DriftEntry => ({ path: comparedPath, ...values, class: klass, severity });
