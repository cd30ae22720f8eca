/**
 * Serves a built site on 127.0.0.1 for previews and end-to-end tests, with the headers of the
 * build's own `_headers` file (as Cloudflare Pages applies them), so every page runs under the
 * production CSP and cache policy. See scripts/lib/preview-server.ts.
 * Usage: node scripts/serve.ts [--dir dist] [--port 4321] [--host 127.0.0.1]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPreviewServer } from './lib/preview-server.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    port: { type: 'string', default: '4321' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const root = path.resolve(values.dir);

const server = createPreviewServer({
  root,
  onError: (error) =>
    process.stderr.write(`[serve] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
});

server.listen(Number(values.port), values.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : values.port;
  process.stderr.write(`Serving ${path.relative(process.cwd(), root) || '.'} at http://${values.host}:${port}/\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
