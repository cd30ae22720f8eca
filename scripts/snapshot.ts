/**
 * Pulls parity snapshots from every service's staging and production, stores them and prints
 * the drift report. Exit code: 0 no unexpected drift, 1 unexpected drift, 2 error.
 */
import { resolveContentDir } from '../src/collections.ts';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ParityConfigError } from '../src/parity/errors.ts';
import { redactOutput, redactText } from '../src/parity/redact.ts';
import { exitCodeOf, toAnnotations, toJson, toText, type ReportError } from '../src/parity/report.ts';
import { DEFAULTS, runSnapshots } from '../src/parity/run.ts';
import { loadPrevious } from '../src/parity/previous.ts';
import { toPublished, writePublished } from '../src/parity/published.ts';
import { loadServices } from '../src/parity/services.ts';
import { DEFAULT_DEMO, resolveStoreDir } from '../src/parity/store.ts';

const HELP = `Usage: npm run snapshot -- [options]

Pulls staging and production of every service in content/services/, stores the
snapshots and prints the drift report (stdout; progress on stderr).

Options:
  --service ID        only this service (repeatable)
  --strict            exit 2 when an environment is unreachable
  --json              print the report as JSON (each drift with since and new)
  --previous DIR|URL  the last deploy (folder or site URL): its published parity
                      history carries "since" and "new" across fresh clones
  --publish DIR       write the fresh parity data into an existing deploy folder
                      (its parity/history.json); pages there upgrade to it
  --content DIR       knowledge base folder (default: $PARITYBOOK_CONTENT_DIR, package.json "paritybook.contentDir", or content)
  --store DIR         snapshot store (default: $PARITYBOOK_SNAPSHOT_DIR or .paritybook/snapshots)
  --demo DIR          recorded demo snapshots used when the store has none
                      (default: content/.parity-demo; "none" to disable)
  --concurrency N     requests in flight at once (default: ${DEFAULTS.concurrency})
  --deadline MS       overall deadline of the run (default: ${DEFAULTS.deadlineMs})
  -h, --help          this help

Exit codes: 0 no unexpected drift, 1 unexpected drift, 2 error (bad service
file, unknown --service, or an unreachable environment with --strict).`;

/** A deploy folder is a finished build: it has the start page. */
async function assertDeployFolder(folder: string): Promise<void> {
  const info = await stat(path.join(folder, 'index.html')).catch(() => undefined);
  if (!info?.isFile())
    throw new ParityConfigError(
      `--publish ${folder}: not a deploy folder (no index.html); name the folder of a finished build, e.g. dist`,
    );
}

export interface CliResult {
  code: 0 | 1 | 2;
  stdout: string;
}

export async function main(argv: string[], log: (line: string) => void): Promise<CliResult> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        service: { type: 'string', multiple: true },
        strict: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        previous: { type: 'string' },
        publish: { type: 'string' },
        content: { type: 'string' },
        store: { type: 'string' },
        demo: { type: 'string' },
        concurrency: { type: 'string' },
        deadline: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    log(`${(error as Error).message}\n\n${HELP}`);
    return { code: 2, stdout: '' };
  }
  if (values.help) return { code: 0, stdout: `${HELP}\n` };
  const positiveInt = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0)
      throw new ParityConfigError(`--${name} takes a positive whole number, got ${JSON.stringify(raw)}`);
    return n;
  };
  const root = process.cwd();
  const store = resolveStoreDir(root, values.store);
  const demoDir = values.demo === 'none' ? null : path.resolve(root, values.demo ?? DEFAULT_DEMO);
  const concurrency = positiveInt('concurrency', values.concurrency, DEFAULTS.concurrency);
  const deadlineMs = positiveInt('deadline', values.deadline, DEFAULTS.deadlineMs);

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
  const previous = await loadPrevious(values.previous ?? publishDir);
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
  return { code, stdout: redactOutput(report) };
}

// Run only as a script, so bench and tests can import main().
if (import.meta.url === `file://${process.argv[1]}`) {
  const log = (line: string) => process.stderr.write(`[snapshot] ${redactText(line)}\n`);
  try {
    const { code, stdout } = await main(process.argv.slice(2), log);
    process.stdout.write(stdout);
    process.exitCode = code;
  } catch (error) {
    if (error instanceof ParityConfigError) {
      log(`error: ${error.message}`);
    } else {
      log(`error: ${(error as Error).stack ?? String(error)}`);
    }
    if (process.argv.includes('--json')) {
      process.stdout.write(
        `${JSON.stringify({ services: [], errors: [{ message: redactText((error as Error).message) }] }, null, 2)}\n`,
      );
    }
    process.exitCode = 2;
  }
}
