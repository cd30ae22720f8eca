/**
 * Probes that need more than fetch: the headers-only upload probe (`Expect: 100-continue`) and
 * the TLS certificate.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { isIP } from 'node:net';
import { ProbeError } from './errors.ts';
import { describeWireFailure } from './network-errors.ts';

/**
 * Asks whether a POST of `bytes` bytes would be accepted, without sending a byte of body:
 * `100 Continue` means yes, `413` means no. Anything else is a ProbeError.
 */
export function uploadAccepted(
  url: string,
  bytes: number,
  timeoutMs: number,
  deadline?: AbortSignal,
  verifyTls = true,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const signal = deadline
      ? AbortSignal.any([AbortSignal.timeout(timeoutMs), deadline])
      : AbortSignal.timeout(timeoutMs);
    let settled = false;
    const finish = (error: Error | null, accepted?: boolean) => {
      if (settled) return;
      settled = true;
      // Never send the body: drop the connection once the server has decided.
      request.destroy();
      if (error) reject(error);
      else resolve(accepted ?? false);
    };
    const request = client.request(target, {
      method: 'POST',
      agent: false,
      rejectUnauthorized: verifyTls,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(bytes),
        expect: '100-continue',
        'user-agent': 'paritybook-snapshot/1',
      },
    });
    const onAbort = () =>
      finish(
        deadline?.aborted
          ? deadline.reason instanceof ProbeError
            ? deadline.reason
            : new ProbeError('deadline', 'the run reached its overall deadline')
          : new ProbeError('timeout', `neither "100 Continue" nor 413 within ${timeoutMs} ms for ${bytes} bytes`),
      );
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('continue', () => finish(null, true));
    request.on('response', (response) => {
      response.resume();
      if (response.statusCode === 413) finish(null, false);
      else
        finish(
          new ProbeError(
            'http-status',
            `answered ${response.statusCode} instead of "100 Continue" or 413: does the route accept uploads?`,
          ),
        );
    });
    request.on('error', (error) => {
      if (settled) return;
      void describeWireFailure(error, url, { timeoutMs }).then((failure) => finish(failure));
    });
    request.on('close', () => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) onAbort();
    else request.flushHeaders();
  });
}

/** Sizes tried by the upload probe, besides the declared limit and one byte over it. */
const MiB = 1024 * 1024;
export const UPLOAD_LADDER = [1024, 1, 2, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100, 128, 256, 512, 1024, 2048, 4096].map(
  (n, i) => (i === 0 ? n : n * MiB),
);

/**
 * Finds the effective upload limit by bisection over the ladder (requests are cheap: headers
 * only). With the declared limit L among the candidates, the answer is exact when L is accepted
 * and L + 1 rejected.
 */
export async function findUploadLimit(
  ask: (bytes: number) => Promise<boolean>,
  declared: number[] = [],
): Promise<{ acceptsUpTo: number | null; rejectsFrom: number | null; requests: number }> {
  let requests = 0;
  // The common case costs two requests: the declared limit is accepted and one byte more is not.
  for (const limit of [...new Set(declared)].filter((l) => l > 0).sort((a, b) => a - b)) {
    requests++;
    if (!(await ask(limit))) break;
    requests++;
    if (!(await ask(limit + 1))) return { acceptsUpTo: limit, rejectsFrom: limit + 1, requests };
  }
  const candidates = [...new Set([...UPLOAD_LADDER, ...declared.flatMap((l) => (l > 0 ? [l, l + 1] : []))])].sort(
    (a, b) => a - b,
  );
  let lo = -1; // index of the largest size known accepted
  let hi = candidates.length; // index of the smallest size known rejected
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    requests++;
    if (await ask(candidates[mid])) lo = mid;
    else hi = mid;
  }
  return {
    acceptsUpTo: lo >= 0 ? candidates[lo] : null,
    rejectsFrom: hi < candidates.length ? candidates[hi] : null,
    requests,
  };
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  validTo: string;
  daysLeft: number;
  authorized: boolean;
  authorizationError?: string;
}

const distinguished = (name: Record<string, string | string[]> | undefined) =>
  name ? ['O', 'CN'].flatMap((key) => (name[key] ? [`${key}=${[name[key]].flat().join('+')}`] : [])).join(', ') : '';

/** Reads the certificate an https environment presents (verification is reported, not enforced). */
export function readCertificate(
  url: string,
  timeoutMs: number,
  now = Date.now(),
  signal?: AbortSignal,
): Promise<CertificateInfo> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      socket.destroy();
      reject(
        signal?.reason instanceof ProbeError
          ? signal.reason
          : new ProbeError('deadline', 'the run reached its overall deadline'),
      );
    };
    const socket = tls.connect({
      host: target.hostname,
      port: Number(target.port || 443),
      servername: isIP(target.hostname) ? undefined : target.hostname,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ProbeError('timeout', `no TLS handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('close', () => signal?.removeEventListener('abort', onAbort));
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const certificate = socket.getPeerCertificate();
      socket.end();
      if (!certificate || !certificate.valid_to) {
        reject(new ProbeError('tls', 'the server presented no certificate'));
        return;
      }
      const validTo = new Date(certificate.valid_to);
      resolve({
        subject: distinguished(certificate.subject as unknown as Record<string, string>),
        issuer: distinguished(certificate.issuer as unknown as Record<string, string>),
        validTo: validTo.toISOString(),
        daysLeft: Math.floor((validTo.getTime() - now) / 86_400_000),
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
      });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      void describeWireFailure(error, url, { timeoutMs }).then(reject);
    });
  });
}
