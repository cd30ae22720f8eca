/**
 * `npm start`: builds the knowledge base and serves it on 127.0.0.1, with the demo service's staging and
 * production environments running, so parity shows live drift on first run. Ctrl-C stops everything.
 * Usage: npm start [-- --port 4321] [-- --no-envs]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ensureSystem } from './lib/system.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4321' },
    'no-envs': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const log = (line: string) => process.stderr.write(`[start] ${line}\n`);

interface Running {
  stop(): Promise<void>;
}

async function startEnvironments(): Promise<Running | undefined> {
  if (values['no-envs']) return undefined;
  const module = new URL('./lib/demo-envs.ts', import.meta.url);
  if (!existsSync(module)) return undefined;
  if (ensureSystem(['fastapi'], log).length > 0) {
    log('Demo environments need Python FastAPI; building from the recorded snapshots instead.');
    return undefined;
  }
  const { startDemoEnvironments } = (await import(module.href)) as { startDemoEnvironments: () => Promise<Running> };
  log('Starting the demo service environments on 127.0.0.1 ...');
  return startDemoEnvironments();
}

async function run(): Promise<number> {
  if (values.help) {
    process.stdout.write(
      'npm start [-- --port 4321] [-- --no-envs]\nBuilds the demo knowledge base and serves it on 127.0.0.1.\n',
    );
    return 0;
  }
  const environments = await startEnvironments();
  try {
    log('Building the site ...');
    const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) {
      log('The build failed; see the messages above.');
      return 1;
    }
  } finally {
    // Environments only need to live while snapshots are taken during the build.
    await environments?.stop();
  }
  const server = spawn(process.execPath, ['scripts/serve.ts', '--dir', 'dist', '--port', values.port], {
    stdio: 'inherit',
  });
  log(`Open http://127.0.0.1:${values.port}/ (Ctrl-C to stop)`);
  const stop = () => server.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise((resolve) => server.on('exit', (code) => resolve(code ?? 0)));
}

process.exitCode = await run();
