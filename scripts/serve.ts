/**
 * Serves a built site on 127.0.0.1 for previews and end-to-end tests, with the headers of the
 * build's own `_headers` file (as Cloudflare Pages applies them), so every page runs under the
 * production CSP and cache policy. See scripts/lib/preview-server.ts.
 * Usage: node scripts/serve.ts [--dir dist] [--port 4321] [--host 127.0.0.1]
 */
import { once } from 'node:events';
import path from 'node:path';
import { defineCommand, runMain, wholeNumber } from './lib/cli.ts';
import { createPreviewServer } from './lib/preview-server.ts';

export const serveCommand = defineCommand({
  name: 'serve',
  summary: `Serves a built site with the headers of its own _headers file, as Cloudflare Pages applies them,
until Ctrl-C. Prints "Serving <dir> at http://<host>:<port>/" on stderr once it listens.`,
  options: {
    dir: { type: 'string', default: 'dist', value: 'dir', description: 'built site to serve' },
    port: { type: 'string', default: '4321', value: 'port', description: 'port to listen on; 0 picks a free one' },
    host: { type: 'string', default: '127.0.0.1', value: 'host', description: 'address to listen on' },
  },
  exitCodes: { 0: 'stopped by Ctrl-C or SIGTERM', 1: 'could not listen', 2: 'usage error' },
  unexpectedExitCode: 1,
  async run({ values }) {
    const port = wholeNumber('port', values.port, { max: 65_535 });
    const root = path.resolve(values.dir);
    const server = createPreviewServer({
      root,
      onError: (error) =>
        process.stderr.write(`[serve] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
    });
    server.listen(port, values.host);
    // Rejects with the listen error (a port in use, say) instead of waiting forever.
    await once(server, 'listening');
    const address = server.address();
    const listening = typeof address === 'object' && address ? address.port : port;
    process.stderr.write(
      `Serving ${path.relative(process.cwd(), root) || '.'} at http://${values.host}:${listening}/\n`,
    );
    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  },
});

if (import.meta.main) await runMain(serveCommand);
