/**
 * Bounded HTTP for probes: a per-request timeout (that also covers a body that drips), a body
 * size cap enforced while streaming, and redirects followed only within the same origin.
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { ProbeError } from './errors.ts';
import { describeWireFailure } from './network-errors.ts';
import { redactUrl } from './redact.ts';

export interface BoundedRequest {
  timeoutMs: number;
  maxBytes: number;
  /** Aborts everything at the run's overall deadline. */
  deadline?: AbortSignal;
  headers?: Record<string, string>;
  maxRedirects?: number;
  /** Only the status and headers matter: cancel the body instead of reading it. */
  discardBody?: boolean;
  /**
   * Verify the server's certificate (default true). False only for an environment whose service
   * file says `tls: { verify: false }`; the TLS probe still reports the certificate as untrusted.
   */
  verifyTls?: boolean;
}

/** One connection pool for environments whose certificate is not verified, made on first use. */
let unverified: Agent | undefined;

/** fetch for one request: the platform's, or undici's with verification off where the service file asks. */
function fetchFor(verifyTls: boolean): typeof fetch {
  if (verifyTls) return fetch;
  unverified ??= new Agent({ connect: { rejectUnauthorized: false } });
  const agent = unverified;
  return ((input: string, init: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent } as Parameters<
      typeof undiciFetch
    >[1])) as unknown as typeof fetch;
}

export interface BoundedResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
  /** URL that finally answered (after same-origin redirects). */
  url: string;
  ms: number;
}

export function abortReason(signal: AbortSignal, timeoutMs: number, deadline?: AbortSignal): ProbeError {
  if (deadline?.aborted) {
    // The caller may abort with a ProbeError of its own (an environment that failed its health check).
    return deadline.reason instanceof ProbeError
      ? deadline.reason
      : new ProbeError('deadline', 'the run reached its overall deadline');
  }
  return new ProbeError('timeout', `no complete answer within ${timeoutMs} ms`, { cause: signal.reason });
}

/** Reads a body stream up to `maxBytes`, cancelling the stream as soon as it goes over. */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new ProbeError('too-large', `response of ${declared} bytes is over the ${maxBytes}-byte cap`);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ProbeError('too-large', `response body went over the ${maxBytes}-byte cap`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** GET with every bound applied; throws ProbeError, never returns a partial body. */
export async function boundedGet(url: string, options: BoundedRequest): Promise<BoundedResponse> {
  const started = performance.now();
  const signal = options.deadline
    ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.deadline])
    : AbortSignal.timeout(options.timeoutMs);
  const origin = new URL(url).origin;
  let current = url;
  const maxRedirects = options.maxRedirects ?? 3;
  const get = fetchFor(options.verifyTls ?? true);
  try {
    for (let hop = 0; ; hop++) {
      const response = await get(current, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': 'paritybook-snapshot/1', accept: '*/*', ...options.headers },
      });
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel().catch(() => {});
        const target = new URL(response.headers.get('location') ?? '', current);
        if (target.origin !== origin) {
          throw new ProbeError(
            'redirect-other-host',
            `redirected to another host (${redactUrl(target.origin)}); not followed`,
          );
        }
        if (hop >= maxRedirects) throw new ProbeError('too-many-redirects', `more than ${maxRedirects} redirects`);
        current = target.toString();
        continue;
      }
      if (options.discardBody) {
        await response.body?.cancel().catch(() => {});
        return {
          status: response.status,
          headers: response.headers,
          body: new Uint8Array(),
          url: current,
          ms: performance.now() - started,
        };
      }
      const body = await readCapped(response, options.maxBytes);
      return {
        status: response.status,
        headers: response.headers,
        body,
        url: current,
        ms: performance.now() - started,
      };
    }
  } catch (error) {
    if (error instanceof ProbeError) throw error;
    if (signal.aborted) throw abortReason(signal, options.timeoutMs, options.deadline);
    throw await describeWireFailure(error, current, { timeoutMs: options.timeoutMs });
  }
}
