/**
 * Pulls parity snapshots from every service's staging and production, stores them and prints
 * the drift report. Exit code: 0 no unexpected drift, 1 unexpected drift, 2 error.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { resolveContentDir } from '../src/collections.ts';
import { ParityConfigError } from '../src/parity/errors.ts';
import { redactOutput, redactText } from '../src/parity/redact.ts';
import { exitCodeOf, toAnnotations, toJson, toText, type ReportError } from '../src/parity/report.ts';
import { loadPrevious } from '../src/parity/previous.ts';
import { toPublished, writePublished } from '../src/parity/published.ts';
import { DEFAULTS, runSnapshots } from '../src/parity/run.ts';
import { loadServices } from '../src/parity/services.ts';
import { DEFAULT_DEMO, resolveStoreDir } from '../src/parity/store.ts';
import {
  contentOption,
  defineCommand,
  runMain,
  wholeNumber,
  type CommandContext,
  type OptionSpecs,
} from './lib/cli.ts';

const OPTIONS = {
  service: { type: 'string', multiple: true, value: 'id', description: 'only this service' },
  strict: { type: 'boolean', default: false, description: 'exit 2 when an environment is unreachable' },
  json: { type: 'boolean', default: false, description: 'print the report as JSON (each drift with since and new)' },
  previous: {
    type: 'string',
    value: 'dir|url',
    description: 'the last deploy (folder or URL), whose parity history keeps since and new',
  },
  publish: {
    type: 'string',
    value: 'dir',
    description: "write the fresh parity data into a deploy folder's parity/history.json",
  },
  content: contentOption,
  store: {
    type: 'string',
    value: 'dir',
    description: 'snapshot store',
    defaultText: '$PARITYBOOK_SNAPSHOT_DIR or .paritybook/snapshots',
  },
  demo: {
    type: 'string',
    value: 'dir',
    description: 'recorded demo snapshots used when the store has none; "none": no demo',
    defaultText: DEFAULT_DEMO,
  },
  concurrency: {
    type: 'string',
    value: 'N',
    description: 'requests in flight at once',
    defaultText: `${DEFAULTS.concurrency}`,
  },
  deadline: {
    type: 'string',
    value: 'ms',
    description: 'overall deadline of the run',
    defaultText: `${DEFAULTS.deadlineMs}`,
  },
} satisfies OptionSpecs;

/** A deploy folder is a finished build: it has the start page. */
async function assertDeployFolder(folder: string): Promise<void> {
  const info = await stat(path.join(folder, 'index.html')).catch(() => undefined);
  if (!info?.isFile())
    throw new ParityConfigError(
      `--publish ${folder}: not a deploy folder (no index.html); name the folder of a finished build, e.g. dist`,
    );
}

async function snapshot({ values, log }: CommandContext<typeof OPTIONS>): Promise<number> {
  const root = process.cwd();
  const store = resolveStoreDir(root, values.store);
  const demoDir = values.demo === 'none' ? null : path.resolve(root, values.demo ?? DEFAULT_DEMO);
  const concurrency = values.concurrency ? wholeNumber('concurrency', values.concurrency, { min: 1 }) : undefined;
  const deadlineMs = values.deadline ? wholeNumber('deadline', values.deadline, { min: 1 }) : undefined;

  let services = await loadServices(resolveContentDir(root, values.content));
  if (values.service?.length) {
    const unknown = values.service.filter((id) => !services.some((s) => s.id === id));
    if (unknown.length) {
      throw new ParityConfigError(
        `unknown service ${unknown.map((id) => JSON.stringify(id)).join(', ')}; known: ${services.map((s) => s.id).join(', ') || 'none'}`,
      );
    }
    services = services.filter((s) => values.service?.includes(s.id));
  }
  const publishDir = values.publish === undefined ? undefined : path.resolve(root, values.publish);
  if (publishDir) await assertDeployFolder(publishDir);
  // A publish run continues the deploy's own history unless another one is named.
  const previous = await loadPrevious(values.previous || publishDir);
  log(previous.message);
  log(`pulling ${services.length} service(s) × 2 environments into ${path.relative(root, store) || '.'}`);
  const started = performance.now();
  const results = await runSnapshots({ services, store, demoDir, concurrency, deadlineMs, log, previous });
  log(`done in ${Math.round(performance.now() - started)} ms`);
  if (publishDir) {
    const views = results.map((r) => r.view);
    const lastRuns = views.flatMap((v) => (v.history?.state ? [v.history.state.lastRun] : [])).sort();
    const own = previous.published;
    const file = await writePublished(
      publishDir,
      toPublished(views, {
        builtRun: own?.builtRun ?? lastRuns.at(-1) ?? null,
        baseline: own?.baseline ?? own?.builtRun ?? null,
        now: new Date(),
      }),
    );
    log(`published the parity data of ${views.length} service(s) to ${path.relative(root, file) || file}`);
  }
  const errors: ReportError[] = [];
  if (values.strict) {
    for (const r of results) {
      for (const e of r.environments.filter((env) => !env.reachable)) {
        errors.push({
          environment: e.environment,
          message: `${r.view.service} ${e.environment} is unreachable (--strict)`,
        });
      }
    }
  }
  const code = exitCodeOf(results, { strict: values.strict, errors: 0 });
  // In GitHub Actions the text report also carries annotations, so drift shows on the run's summary.
  const annotations = process.env.GITHUB_ACTIONS === 'true' ? toAnnotations(results) : '';
  const report = values.json
    ? `${JSON.stringify(toJson(results, errors), null, 2)}\n`
    : `${toText(results)}${annotations}`;
  // The report is built from redacted values; this last pass must not read "auth-api: CRITICAL"
  // as a secret, so it removes only remembered tokens and secret formats.
  process.stdout.write(redactOutput(report));
  return code;
}

export const snapshotCommand = defineCommand({
  name: 'snapshot',
  summary: `Pulls staging and production of every service in content/services/, stores the
snapshots and prints the drift report (stdout; progress on stderr).`,
  options: OPTIONS,
  exitCodes: {
    0: 'no unexpected drift',
    1: 'unexpected drift',
    2: 'error (bad service file, unknown --service, or an unreachable environment with --strict)',
  },
  errors: [{ type: ParityConfigError, exitCode: 2 }],
  logPrefix: '[snapshot]',
  redact: redactText,
  async run(context) {
    try {
      return await snapshot(context);
    } catch (error) {
      // CI reading --json gets a report it can parse even when the run could not start.
      if (context.values.json) {
        const message = redactText(error instanceof Error ? error.message : String(error));
        process.stdout.write(`${JSON.stringify({ services: [], errors: [{ message }] }, null, 2)}\n`);
      }
      throw error;
    }
  },
});

if (import.meta.main) await runMain(snapshotCommand);
