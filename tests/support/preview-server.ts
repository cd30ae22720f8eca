/** The real preview server (scripts/serve.ts) as a child process, and raw HTTP requests to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const SERVE = path.resolve(import.meta.dirname, '../../scripts/serve.ts');

export interface PreviewServer {
  origin: string;
  port: number;
  /** Everything the server wrote on stderr so far. */
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts `node scripts/serve.ts --dir <root> --port 0` and resolves once it listens. */
export async function startPreviewServer(root: string): Promise<PreviewServer> {
  const child: ChildProcess = spawn(process.execPath, [SERVE, '--dir', root, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk) => {
      log += chunk;
      const match = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(log);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve.ts exited (${code}): ${log}`)));
  });
  return {
    origin,
    port: Number(new URL(origin).port),
    log: () => log,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The whole answer as received, status line to last byte. */
  raw: string;
}

/**
 * Sends `GET <target> HTTP/1.1` as written over a plain socket: HTTP clients normalise request
 * targets (absolute form, `//`, stray `%`) before sending, which would hide what a server does
 * with them.
 */
export function rawGet(port: number, target: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra.join('')}Connection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = raw.slice(0, split).split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
      if (!status) return reject(new Error(`not an HTTP answer: ${raw.slice(0, 200)}`));
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status, headers, body: raw.slice(split + 4), raw });
    });
  });
}
