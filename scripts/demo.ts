/**
 * `npm start`: starts the staging and production environments of every demo service (the ports
 * content/services/*.yaml name), builds the knowledge base against them, and serves it on 127.0.0.1,
 * so parity shows live drift on first run; the environments stay up for `npm run snapshot` until
 * Ctrl-C stops everything. The build's canonical URLs name the address it is served at.
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
  const address = `http://127.0.0.1:${values.port}/`;
  const environments = await startEnvironments();
  try {
    log('Building the site ...');
    const build = spawnSync('npm', ['run', '--silent', 'build'], {
      stdio: 'inherit',
      // Unless configured otherwise, canonical URLs name the address this command serves the site at.
      env: { ...process.env, PARITYBOOK_SITE: process.env.PARITYBOOK_SITE ?? address },
    });
    if (build.status !== 0) {
      log('The build failed; see the messages above.');
      return 1;
    }
    const server = spawn(process.execPath, ['scripts/serve.ts', '--dir', 'dist', '--port', values.port], {
      stdio: 'inherit',
    });
    log(`Open ${address} (Ctrl-C to stop)`);
    const stop = () => server.kill('SIGTERM');
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return await new Promise<number>((resolve) => server.on('exit', (code) => resolve(code ?? 0)));
  } finally {
    await environments?.stop();
  }
}

process.exitCode = await run();
