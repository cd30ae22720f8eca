/**
 * What went wrong on the wire, in words: Node and undici report a failed request as an error code
 * (`UND_ERR_SOCKET`, `HPE_HEADER_OVERFLOW`, `ECONNREFUSED`); an on-call reader needs to know whether
 * nothing listened, the server hung up half-way, or it spoke another protocol.
 */
import http from 'node:http';
import tls from 'node:tls';
import { isIP } from 'node:net';
import { ProbeError, type ProbeErrorCode } from './errors.ts';

interface WireError {
  code?: string;
  message?: string;
  /** undici: bytes read before the socket closed. */
  socket?: { bytesRead?: number };
  /** undici's parser: the bytes it could not read as HTTP. */
  data?: unknown;
}

/** The innermost error that carries a code: fetch wraps the socket's error in a TypeError. */
function wireErrorOf(error: unknown): WireError {
  let current = error as (WireError & { cause?: unknown }) | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current.code) return current;
    current = current.cause as (WireError & { cause?: unknown }) | undefined;
  }
  return (error as WireError) ?? {};
}

/** Largest response head Node reads, in kB as people count them (16 by default). */
const headerLimitKb = () => Math.round(http.maxHeaderSize / 1024);

/** A TLS record (handshake 0x16 or alert 0x15, version 3.x) where HTTP was expected. */
function looksLikeTls(data: unknown): boolean {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.isBuffer(data) ? data : undefined;
  return Boolean(bytes && bytes.length >= 2 && (bytes[0] === 0x15 || bytes[0] === 0x16) && bytes[1] === 0x03);
}

/** Whether the server at `target` completes a TLS handshake: asked only after a plain-HTTP request failed. */
function speaksTls(target: URL, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: target.hostname,
      port: Number(target.port || 80),
      servername: isIP(target.hostname) ? undefined : target.hostname,
      rejectUnauthorized: false,
    });
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const CERTIFICATE_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'presents a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'presents a certificate chain that ends in a self-signed certificate',
  CERT_HAS_EXPIRED: 'presents an expired certificate',
  CERT_NOT_YET_VALID: 'presents a certificate that is not valid yet',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'presents a certificate signed by an authority this machine does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'presents a certificate signed by an authority this machine does not trust',
  ERR_TLS_CERT_ALTNAME_INVALID: 'presents a certificate for another host name',
};

/**
 * Turns a failed request into a ProbeError that says what happened. `url` is the request's URL
 * (only its host is named); for an http URL whose server hung up without a word, one TLS
 * handshake finds out whether it expects https.
 */
export async function describeWireFailure(
  error: unknown,
  url: string,
  options: { timeoutMs: number },
): Promise<ProbeError> {
  const target = new URL(url);
  const host = target.host;
  const wire = wireErrorOf(error);
  const code = wire.code ?? '';
  const fail = (probeCode: ProbeErrorCode, message: string) => new ProbeError(probeCode, message, { cause: error });
  const plainHttp = target.protocol === 'http:';
  const tlsHint = `${host} speaks TLS on an http:// URL: use https://${host} in the service file`;

  switch (code) {
    case 'ECONNREFUSED':
      return fail('unreachable', `nothing accepts connections at ${host} (connection refused)`);
    case 'ENOTFOUND':
      return fail('unreachable', `the host name ${target.hostname} does not resolve`);
    case 'EAI_AGAIN':
      return fail('unreachable', `the host name ${target.hostname} could not be resolved: DNS did not answer`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return fail('unreachable', `there is no network route to ${host}`);
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return fail('timeout', `a connection to ${host} could not be opened in time`);
    case 'UND_ERR_HEADERS_OVERFLOW':
    case 'HPE_HEADER_OVERFLOW':
      return fail(
        'too-large',
        `the response headers from ${host} are over ${headerLimitKb()} kB, more than paritybook reads`,
      );
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
    case 'EPROTO':
      return fail('tls', `${host} does not speak TLS on an https:// URL: is it plain http?`);
  }
  if (CERTIFICATE_PROBLEMS[code]) return fail('tls', `${host} ${CERTIFICATE_PROBLEMS[code]}`);
  if (code.startsWith('HPE_')) {
    if (plainHttp && looksLikeTls(wire.data)) return fail('unreachable', tlsHint);
    return fail('unreachable', `${host} does not answer in HTTP/1.1`);
  }
  const bytesRead = wire.socket?.bytesRead;
  // undici: the socket closed; Node's http client: ECONNRESET "socket hang up".
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') {
    if (bytesRead !== undefined && bytesRead > 0)
      return fail('protocol', `${host} closed the connection before the response finished`);
    if (plainHttp && (await speaksTls(target, Math.min(options.timeoutMs, 2000)))) return fail('unreachable', tlsHint);
    return fail('unreachable', `${host} accepted the connection and closed it without answering`);
  }
  const detail = wire.message ?? (error as Error)?.message ?? String(error);
  return fail('unreachable', `could not reach ${host}: ${detail}`);
}
