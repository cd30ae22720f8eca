/**
 * Records the demo snapshots shipped in content/.parity-demo/: starts every demo service's two
 * environments (examples/demo/envs/<service>/) on free ports, pulls them with the real snapshot
 * runner, and keeps each environment's snapshot with the service file's own URL.
 * Usage: node scripts/record-demo-snapshots.ts
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSnapshots } from '../src/parity/run.ts';
import { loadServices } from '../src/parity/services.ts';
import { ENVIRONMENTS } from '../src/schemas/snapshot.ts';
import { existsSync } from 'node:fs';
import { defineCommand, runMain } from './lib/cli.ts';
import { demoServiceIds, NGINX, startDemoService, type StartedEnvironment } from './lib/demo-envs.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function record(log: (line: string) => void): Promise<void> {
  const demoServices = await demoServiceIds();
  const services = (await loadServices(path.join(ROOT, 'content'), ROOT)).filter((s) => demoServices.has(s.id));
  const started: StartedEnvironment[] = [];
  const store = await mkdtemp(path.join(os.tmpdir(), 'paritybook-record-'));
  try {
    // The same service definitions, pointed at the local demo apps; tokens are not needed there.
    const local = [];
    for (const service of services) {
      const environments = { ...service.environments };
      for (const environment of ENVIRONMENTS) {
        const demo = await startDemoService({ service: service.id, environment, cdn: existsSync(NGINX) });
        started.push(...demo.started);
        environments[environment] = { url: demo.url };
      }
      local.push({ ...service, environments });
    }
    const results = await runSnapshots({ services: local, store, demoDir: null, log });
    for (const { view } of results) {
      const service = services.find((s) => s.id === view.service);
      for (const environment of ENVIRONMENTS) {
        const file = path.join(store, view.service, environment, 'latest.json');
        const snapshot = JSON.parse(await readFile(file, 'utf8'));
        snapshot.demo = true;
        snapshot.url = service?.environments[environment].url ?? snapshot.url;
        const target = path.join(ROOT, 'content', '.parity-demo', view.service, environment);
        await mkdir(target, { recursive: true });
        await writeFile(path.join(target, 'latest.json'), `${JSON.stringify(snapshot, null, 2)}\n`);
      }
      log(`${view.service}: ${view.worst ?? 'in parity'}, ${view.drift.length} entries`);
    }
  } finally {
    for (const environment of started.reverse()) await environment.stop();
    await rm(store, { recursive: true, force: true });
  }
}

export const recordDemoSnapshotsCommand = defineCommand({
  name: 'record-demo-snapshots',
  invocation: 'node scripts/record-demo-snapshots.ts',
  summary: `Starts the two environments of every demo service (examples/demo/envs/), behind nginx where it is
installed, pulls them with the snapshot runner and writes content/.parity-demo/.`,
  options: {},
  logPrefix: '[record-demo]',
  run: ({ log }) => record(log),
});

if (import.meta.main) await runMain(recordDemoSnapshotsCommand);
