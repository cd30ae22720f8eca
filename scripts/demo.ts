/**
 * `npm start`: starts the staging and production environments of every demo service (the ports
 * content/services/*.yaml name), builds the knowledge base against them, and serves it on 127.0.0.1,
 * so parity shows live drift on first run; the environments stay up for `npm run snapshot` until
 * Ctrl-C stops everything. The build's canonical URLs name the address it is served at.
 * Usage: npm start [-- --port 4321] [-- --no-envs]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defineCommand, runMain, wholeNumber, type OptionSpecs, type OptionValues } from './lib/cli.ts';
import { ensureSystem } from './lib/system.ts';

const OPTIONS = {
  port: { type: 'string', default: '4321', value: 'port', description: 'port to serve the site on' },
  envs: {
    type: 'boolean',
    default: true,
    description: 'do not start the demo environments; build from the recorded snapshots',
  },
} satisfies OptionSpecs;

const log = (line: string) => process.stderr.write(`[start] ${line}\n`);

interface Running {
  stop(): Promise<void>;
}

async function startEnvironments(values: OptionValues<typeof OPTIONS>): Promise<Running | undefined> {
  if (!values.envs) return undefined;
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

async function start(values: OptionValues<typeof OPTIONS>): Promise<number> {
  const port = String(wholeNumber('port', values.port, { max: 65_535 }));
  const address = `http://127.0.0.1:${port}/`;
  const environments = await startEnvironments(values);
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
    const server = spawn(process.execPath, ['scripts/serve.ts', '--dir', 'dist', '--port', port], {
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

export const startCommand = defineCommand({
  name: 'start',
  invocation: 'npm start --',
  summary: `Builds the demo knowledge base and serves it on 127.0.0.1, with the demo services' staging and
production environments running while the build takes its parity snapshots. Ctrl-C stops everything.`,
  options: OPTIONS,
  allowNegative: true,
  exitCodes: { 0: 'stopped', 1: 'the build or the server failed', 2: 'usage error' },
  unexpectedExitCode: 1,
  logPrefix: '[start]',
  run: ({ values }) => start(values),
});

if (import.meta.main) await runMain(startCommand);
