/**
 * `npm run bench -- --notes N [--runs R] [--vs bare|starlight|starlight-small] [--json]`
 *
 * Generates a seeded knowledge base of N notes, builds the full paritybook site from it R times
 * with cold caches (and a peer site from ../shared/bench in alternation with --vs), then once more
 * with one note changed, and measures build time and memory, page weight, the search index and
 * search latency in Chromium. Prints a Markdown table (or JSON) and writes it to bench/results/.
 * Progress goes to stderr. Exit code: 0 done, 1 a build failed, 2 bad arguments or set-up.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BENCH_OPTIONS, benchArgs, type BenchArgs } from './bench/args.ts';
import { timeRelatedNotes } from './bench/components.ts';
import { measureDist } from './bench/dist.ts';
import {
  generateKnowledgeBase,
  summarise,
  writeKnowledgeBase,
  writePeerNotes,
  type KnowledgeBase,
} from './bench/generate.ts';
import { findSharedBench, peerSite, PeerSetupError, preparePeer, type PeerSite } from './bench/peers.ts';
import {
  renderMarkdown,
  renderSummary,
  summariseSite,
  type BenchReport,
  type BuildRun,
  type Environment,
  type SiteResult,
} from './bench/report.ts';
import { PHASE_MARKERS, phasesOf, runMeasured, type RunResult } from './bench/run.ts';
import { countingServer, measureSearch, type SearchMeasure } from './bench/search.ts';
import { median } from './bench/stats.ts';
import { recordSnapshots } from './bench/snapshots.ts';
import { swapIn } from './build.ts';
import { defineCommand, runMain } from './lib/cli.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const benchRoot = path.resolve(process.env.BENCH_ROOT ?? '/tmp/paritybook-bench');
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function environment(): Environment {
  const meminfo = existsSync('/proc/meminfo') ? readFileSync('/proc/meminfo', 'utf8') : '';
  const available = /MemAvailable:\s+(\d+) kB/.exec(meminfo);
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    if (dirty) commit += ' (with uncommitted changes)';
  } catch {
    // not a git checkout: keep "unknown"
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    memTotalBytes: os.totalmem(),
    memAvailableBytesAtStart: available ? Number(available[1]) * 1024 : os.freemem(),
    loadAverageStart: os.loadavg(),
    loadAverageEnd: [],
    rssMethod: `sum of RSS over the build's process tree from /proc every 100 ms${existsSync('/usr/bin/time') ? '; largest single process and CPU time from /usr/bin/time' : ''}`,
  };
}

/** Prints phase markers and errors of a build as progress, not the whole log. */
const progress = (label: string) => (line: { ms: number; text: string }) => {
  if (
    PHASE_MARKERS.some((marker) => marker.pattern.test(line.text)) ||
    /\[ERROR\]|\berror:|✘|\bfailed\b/i.test(line.text)
  ) {
    log(`${label} ${(line.ms / 1000).toFixed(1).padStart(6)}s ${line.text.trim().slice(0, 160)}`);
  }
};

async function findIndex(dist: string): Promise<boolean> {
  if (!existsSync(dist)) return false;
  for (const entry of await readdir(dist, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(path.join(dist, entry.name, 'pagefind.js'))) return true;
  }
  return false;
}

/**
 * One build's numbers. `extra` is a second command run after the build: the Pagefind CLI (a site whose build
 * leaves no index), or paritybook's finishing step (the search index and delivery files that `npm run build`
 * writes once Astro's process has exited), whose phases are read from its own log lines.
 */
function toBuildRun(
  result: RunResult,
  index: BuildRun['index'],
  extra?: RunResult,
  extraKind: 'cli' | 'finish' = 'cli',
): BuildRun {
  const phases = phasesOf(result.lines, result.wallSeconds, result.samples);
  if (extra && extraKind === 'finish')
    phases.push(
      ...phasesOf(extra.lines, extra.wallSeconds, extra.samples)
        .filter((phase) => phase.seconds > 0)
        .map((phase) =>
          phase.name === 'start-up, config, content check' ? { ...phase, name: 'finish: start-up' } : phase,
        ),
    );
  else if (extra)
    phases.push({
      name: 'search index (Pagefind CLI)',
      seconds: extra.wallSeconds,
      peakRssBytes: extra.peakTreeRssBytes,
    });
  const sum = (a: number | null, b: number | null | undefined) =>
    a === null || b === null || b === undefined ? a : a + b;
  return {
    wallSeconds: result.wallSeconds + (extra?.wallSeconds ?? 0),
    cpuSeconds: extra ? sum(result.cpuSeconds, extra.cpuSeconds) : result.cpuSeconds,
    peakTreeRssBytes: Math.max(result.peakTreeRssBytes, extra?.peakTreeRssBytes ?? 0),
    maxProcessRssBytes: extra?.maxProcessRssBytes
      ? Math.max(result.maxProcessRssBytes ?? 0, extra.maxProcessRssBytes)
      : result.maxProcessRssBytes,
    phases,
    index,
    exitCode: result.timedOut ? null : extra ? result.exitCode || extra.exitCode : result.exitCode,
  };
}

interface Builder {
  name: string;
  dist: string;
  build(label: string, cold: boolean): Promise<BuildRun>;
  /** The file to touch for the nth incremental build. */
  editable(kb: KnowledgeBase, nth: number): string;
}

function paritybookBuilder(contentDir: string, snapshotDir: string, args: BenchArgs, logs: string): Builder {
  const dist = path.join(benchRoot, 'paritybook-dist');
  const env = {
    ...process.env,
    PARITYBOOK_CONTENT_DIR: contentDir,
    PARITYBOOK_SNAPSHOT_DIR: snapshotDir,
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  /** Astro first, then the search index and delivery files in a process of their own, as `npm run build` runs them. */
  const buildInto = async (outDir: string, label: string): Promise<BuildRun> => {
    const plan = await mkdtemp(path.join(os.tmpdir(), 'paritybook-bench-finish-'));
    const result = await runMeasured(
      process.execPath,
      [path.join(repoRoot, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir],
      {
        cwd: repoRoot,
        env: { ...env, PARITYBOOK_FINISH_PLAN: plan },
        logFile: path.join(logs, `paritybook-${label}.log`),
        timeoutSeconds: args.timeout,
        onLine: progress(`paritybook ${label}`),
      },
    );
    if (result.exitCode === 0 && existsSync(path.join(plan, 'search.json'))) {
      const finish = await runMeasured(
        process.execPath,
        [path.join(repoRoot, 'scripts/finish-build.ts'), plan, outDir],
        {
          cwd: repoRoot,
          env,
          logFile: path.join(logs, `paritybook-${label}-finish.log`),
          timeoutSeconds: args.timeout,
          onLine: progress(`paritybook ${label} finish`),
        },
      );
      await rm(plan, { recursive: true, force: true });
      return toBuildRun(result, finish.exitCode === 0 ? 'build' : 'none', finish, 'finish');
    }
    await rm(plan, { recursive: true, force: true });
    if (result.exitCode !== 0 || (await findIndex(outDir)))
      return toBuildRun(result, result.exitCode === 0 ? 'build' : 'none');
    // The build made no search index (yet): index with the Pagefind CLI, as the bare site does, and say so.
    const cli = await runMeasured(path.join(repoRoot, 'node_modules/.bin/pagefind'), ['--site', outDir], {
      cwd: repoRoot,
      logFile: path.join(logs, `paritybook-${label}-pagefind.log`),
      timeoutSeconds: args.timeout,
    });
    return toBuildRun(result, 'cli', cli);
  };
  return {
    name: 'paritybook',
    dist,
    async build(label, cold) {
      if (cold) {
        // Astro's content-layer store (node_modules/.astro), generated types (.astro) and Vite's
        // cache: a cold build starts without them, as on a fresh CI runner.
        for (const dir of ['node_modules/.astro', '.astro', 'node_modules/.vite'])
          await rm(path.join(repoRoot, dir), { recursive: true, force: true });
        await rm(dist, { recursive: true, force: true });
      }
      // As `npm run build` does: into a fresh folder beside dist/, swapped in once finished, the previous build
      // removed in the background (waited for here, outside the measured run, so it does not load the next one).
      const next = path.join(benchRoot, `.dist-next-${process.pid}`);
      await rm(next, { recursive: true, force: true });
      const run = await buildInto(next, label);
      if (run.exitCode === 0 && existsSync(next)) await (await swapIn(next, dist)).removed();
      else await rm(next, { recursive: true, force: true });
      return run;
    },
    editable: (kb, nth) => path.join(contentDir, kb.notes.filter((note) => note.kind === 'runbook')[nth].file),
  };
}

function peerBuilder(site: PeerSite, args: BenchArgs, logs: string): Builder {
  const dist = path.join(site.dir, 'dist');
  const env = { ...process.env, ...site.env, ASTRO_TELEMETRY_DISABLED: '1' };
  return {
    name: site.peer,
    dist,
    async build(label, cold) {
      if (cold) {
        for (const dir of ['dist', '.astro', 'node_modules/.astro', 'node_modules/.vite'])
          await rm(path.join(site.dir, dir), { recursive: true, force: true });
      }
      const result = await runMeasured(
        process.execPath,
        [path.join(site.dir, 'node_modules/astro/bin/astro.mjs'), 'build'],
        {
          cwd: site.dir,
          env,
          logFile: path.join(logs, `${site.peer}-${label}.log`),
          timeoutSeconds: args.timeout,
          onLine: progress(`${site.peer} ${label}`),
        },
      );
      if (!site.separateIndex || result.exitCode !== 0)
        return toBuildRun(result, site.separateIndex ? 'none' : 'build');
      const cli = await runMeasured(path.join(site.dir, 'node_modules/.bin/pagefind'), ['--site', 'dist'], {
        cwd: site.dir,
        logFile: path.join(logs, `${site.peer}-${label}-pagefind.log`),
        timeoutSeconds: args.timeout,
      });
      return toBuildRun(result, 'cli', cli);
    },
    editable: (kb, nth) => {
      const note = kb.notes.filter((candidate) => candidate.kind === 'runbook')[nth];
      return path.join(site.notesDir, `${note.id}${path.extname(note.file)}`);
    },
  };
}

/**
 * A build with one note changed after the previous one: Astro's content-layer cache, its cache of
 * pages and the snapshot cache are kept. The `nth` runbook changes, so repeated runs change
 * different notes.
 */
async function incremental(builder: Builder, kb: KnowledgeBase, nth: number): Promise<BuildRun> {
  const file = builder.editable(kb, nth);
  const original = await readFile(file, 'utf8');
  await writeFile(file, `${original}\nEdited after the cold build to measure an incremental one.\n`);
  try {
    return await builder.build(`incremental-${nth + 1}`, false);
  } finally {
    await writeFile(file, original);
  }
}

/** The parity benchmark of scripts/bench-parity.ts (100 services x 2 environments at 100 ms), when present. */
async function parityBench(): Promise<BenchReport['parity']> {
  const file = path.join(repoRoot, 'scripts/bench-parity.ts');
  if (!existsSync(file)) return null;
  const module = (await import(file)) as {
    benchParity?: (options?: { log?: (line: string) => void }) => Promise<Record<string, unknown>>;
  };
  if (typeof module.benchParity !== 'function')
    return { title: 'Parity benchmark', lines: ['- scripts/bench-parity.ts exports no benchParity()'] };
  log('parity benchmark (scripts/bench-parity.ts)');
  const result = (await module.benchParity({ log: (line) => log(`parity ${line}`) })) as {
    services: number;
    environments: number;
    delayMs: number;
    runsMs: number[];
    medianMs: number;
    requestsPerRun: number;
  };
  return {
    title:
      'Parity snapshot benchmark (scripts/bench-parity.ts: the snapshot runner against local environments that answer after a fixed delay)',
    lines: [
      `- ${result.services} services (${result.environments} environments), every answer delayed ${result.delayMs} ms: median ${result.medianMs} ms over ${result.runsMs.length} runs (${result.runsMs.join(', ')} ms), ${result.requestsPerRun} requests per run (with at most C requests in flight, ${result.requestsPerRun} × ${result.delayMs} ms / C is the floor); target under 2 s: ${result.medianMs < 2000 ? 'met' : 'missed'}.`,
    ],
  };
}

/** Rounds of search measurements (plain Pagefind, then the dialog) whose runs are pooled. */
const SEARCH_ROUNDS = 5;

/** Plain Pagefind's cold and warm runs of two rounds together, medians over both. */
function poolPlain(first: SearchMeasure, next: SearchMeasure): SearchMeasure {
  const coldAllMs = [...first.coldAllMs, ...next.coldAllMs];
  const warm = [...first.warm, ...next.warm];
  return {
    ...first,
    coldAllMs,
    coldFirstQueryMs: median(coldAllMs) ?? first.coldFirstQueryMs,
    warm,
    warmNewQueryMs: median(warm.map((entry) => entry.ms)),
  };
}

type DialogMeasure = NonNullable<SiteResult['dialog']> & {
  warm?: { ms: number; fullMs: number; searchMs: number }[];
};

/** The dialog's cold and warm runs of two rounds together (Slow 4G from the first), medians over both. */
function poolDialog(first: DialogMeasure, next: DialogMeasure): DialogMeasure {
  const coldAllMs = [...(first.coldAllMs ?? []), ...(next.coldAllMs ?? [])];
  const warm = [...(first.warm ?? []), ...(next.warm ?? [])];
  const ms = (values: (number | null)[]) => Math.round((median(values) ?? 0) * 10) / 10;
  return {
    ...first,
    coldAllMs,
    coldMs: ms(coldAllMs),
    warm,
    warmMedianMs: ms(warm.map((entry) => entry.ms)),
    warmFullMedianMs: ms(warm.map((entry) => entry.fullMs)),
    warmSearchMedianMs: ms(warm.map((entry) => entry.searchMs)),
    warmMaxMs: Math.max(first.warmMaxMs, next.warmMaxMs),
  };
}

/** The search dialog benchmark of scripts/bench-search.ts (real UI: Ctrl+K, typing), when present. */
async function dialogBench(
  dist: string,
  pagePath: string,
  queries: string[],
  slow4g = true,
): Promise<SiteResult['dialog']> {
  const file = path.join(repoRoot, 'scripts/bench-search.ts');
  if (!existsSync(file)) return undefined;
  const module = (await import(file)) as {
    benchSearch?: (options: {
      origin: string;
      pagePath?: string;
      queries?: string[];
      slow4g?: boolean;
    }) => Promise<Record<string, unknown>>;
  };
  if (typeof module.benchSearch !== 'function') return undefined;
  const { server, base } = await countingServer(path.resolve(dist));
  try {
    return (await module.benchSearch({ origin: base, pagePath, queries, slow4g })) as SiteResult['dialog'];
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function bench(args: BenchArgs): Promise<number> {
  if (args.summary) {
    const dir = path.resolve(repoRoot, args.out);
    const files = existsSync(dir) ? (await readdir(dir)).filter((name) => name.endsWith('.json')).sort() : [];
    const reports = await Promise.all(
      files.map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as BenchReport),
    );
    process.stdout.write(
      args.json
        ? JSON.stringify(
            reports.map((r) => ({
              notes: r.notes,
              sites: r.sites.map((site) => ({ name: site.name, ...summariseSite(site, r.notes) })),
            })),
            null,
            2,
          ) + '\n'
        : renderSummary(reports),
    );
    return 0;
  }
  const env = environment();
  const logs = path.join(benchRoot, 'logs', `${args.notes}`);
  await mkdir(logs, { recursive: true });

  log(`generating ${args.notes} notes (seed ${args.seed}) in ${benchRoot}`);
  const kb = generateKnowledgeBase({ notes: args.notes, seed: args.seed, format: args.format });
  const contentDir = path.join(benchRoot, 'kb', 'content');
  await writeKnowledgeBase(kb, contentDir);
  const snapshotDir = path.join(benchRoot, 'kb', 'snapshots');
  log(`recording parity snapshots of ${kb.services.length} services from two local environments`);
  const snapshot = await recordSnapshots(kb.services, snapshotDir);
  log(`snapshots recorded in ${snapshot.seconds.toFixed(1)} s (${snapshot.down} environment(s) down)`);
  const builders: Builder[] = [paritybookBuilder(contentDir, snapshotDir, args, logs)];
  if (args.vs) {
    const site = peerSite(args.vs, benchRoot);
    await preparePeer(site, findSharedBench(repoRoot), log);
    await writePeerNotes(kb, site.notesDir, path.join(site.dir, 'src', 'note-components'));
    builders.push(peerBuilder(site, args, logs));
  }

  const results: SiteResult[] = builders.map((builder) => ({ name: builder.name, runs: [] }));
  for (let run = 1; run <= args.runs; run++) {
    for (const [i, builder] of builders.entries()) {
      log(`${builder.name}: cold build ${run}/${args.runs}`);
      const result = await builder.build(`cold-${run}`, true);
      results[i].runs.push(result);
      log(
        `${builder.name}: cold build ${run} exit ${result.exitCode ?? 'killed'} in ${result.wallSeconds.toFixed(1)} s, peak ${(result.peakTreeRssBytes / 2 ** 20).toFixed(0)} MiB`,
      );
      if (result.exitCode !== 0)
        results[i].error = `cold build ${run} exited ${result.exitCode ?? 'on timeout'}; see ${logs}`;
    }
  }

  const runbookIds = new Set(kb.notes.filter((note) => note.kind === 'runbook').map((note) => note.id));
  const target = kb.notes.find((note) => note.kind === 'runbook' && !note.needsReview)!;
  const alert = (target.data.alerts as string[])[0];
  const warmQueries = [
    'psycopg2.OperationalError',
    'CrashLoopBackOff',
    'x509 certificate expired',
    'KubePodCrashLooping',
    'helm rollback',
    '413 Request Entity Too Large',
  ];
  for (const [i, builder] of builders.entries()) {
    const site = results[i];
    if (site.runs.at(-1)?.exitCode !== 0) continue;
    log(`${builder.name}: measuring dist`);
    site.dist = await measureDist(builder.dist, runbookIds);
    if (args.search && site.dist.indexDir !== null && site.dist.sample.length) {
      log(`${builder.name}: search in Chromium`);
      const plainSearch = () =>
        measureSearch({
          dist: builder.dist,
          indexUrl: `/${site.dist!.indexDir!.split(path.sep).join('/')}/`,
          pagePath: site.dist!.sample[0].url,
          coldQuery: alert,
          expectFirst: target.id,
          warmQueries,
        });
      try {
        site.search = await plainSearch();
      } catch (error) {
        site.error = `search measurement failed: ${(error as Error).message.split('\n')[0]}`;
        log(site.error);
      }
      if (builder.name === 'paritybook') {
        try {
          site.dialog = await dialogBench(builder.dist, site.dist.sample[0].url, [alert, ...warmQueries]);
          if (site.dialog) log('paritybook: search dialog measured with scripts/bench-search.ts');
          // The load on a two-core runner drifts over minutes: more rounds, plain Pagefind and the dialog one after
          // the other, and medians over all of them, so the ratios compare the two under the same load.
          for (let round = 2; round <= SEARCH_ROUNDS && site.search && site.dialog; round += 1) {
            log(`paritybook: search round ${round}/${SEARCH_ROUNDS} (plain Pagefind, then the dialog)`);
            site.search = poolPlain(site.search, await plainSearch());
            const more = await dialogBench(builder.dist, site.dist.sample[0].url, [alert, ...warmQueries], false);
            if (more) site.dialog = poolDialog(site.dialog, more);
          }
        } catch (error) {
          log(`search dialog benchmark failed: ${(error as Error).message.split('\n')[0]}`);
        }
      }
    }
  }
  if (args.incremental) {
    // paritybook only: the peers' incremental builds are not a target and would double the run time.
    for (const [i, builder] of builders.slice(0, 1).entries()) {
      if (results[i].runs.at(-1)?.exitCode !== 0) continue;
      // As many builds with one note changed as cold builds, each after the one before; the median counts.
      const runs: BuildRun[] = [];
      for (let nth = 0; nth < args.runs; nth++) {
        log(`${builder.name}: incremental build ${nth + 1}/${args.runs} (one note changed)`);
        const run = await incremental(builder, kb, nth);
        runs.push(run);
        log(`${builder.name}: incremental exit ${run.exitCode} in ${run.wallSeconds.toFixed(1)} s`);
      }
      results[i].incrementalRuns = runs;
      const sorted = runs.filter((run) => run.exitCode === 0).sort((a, b) => a.wallSeconds - b.wallSeconds);
      results[i].incremental = sorted[Math.floor((sorted.length - 1) / 2)] ?? runs[0];
    }
  }

  let parity: BenchReport['parity'] = null;
  try {
    parity = await parityBench();
  } catch (error) {
    parity = { title: 'Parity benchmark', lines: [`- failed: ${(error as Error).message}`] };
  }

  log('timing build-time helpers in-process');
  const components = [timeRelatedNotes(kb)];

  env.loadAverageEnd = os.loadavg();
  const report: BenchReport = {
    format: args.format,
    notes: args.notes,
    runs: args.runs,
    seed: args.seed,
    kb: summarise(kb, args.seed),
    environment: env,
    sites: results,
    parity,
    components,
    snapshot,
  };
  const markdown = renderMarkdown(report);
  const outDir = path.resolve(repoRoot, args.out);
  await mkdir(outDir, { recursive: true });
  const base = path.join(
    outDir,
    `${env.date.slice(0, 10)}-${args.notes}${args.format === 'md' ? '-md' : ''}${args.vs ? `-vs-${args.vs}` : ''}`,
  );
  await writeFile(`${base}.md`, markdown);
  // The medians and ratios beside the raw runs, so the JSON answers the targets without recomputing.
  const withSummaries = {
    ...report,
    sites: report.sites.map((site) => ({ ...site, summary: summariseSite(site, report.notes) })),
  };
  await writeFile(`${base}.json`, JSON.stringify(withSummaries, null, 2) + '\n');
  log(`wrote ${path.relative(repoRoot, base)}.md and .json; build logs in ${logs}`);
  process.stdout.write(args.json ? JSON.stringify(withSummaries, null, 2) + '\n' : markdown);
  return results.some((site) => site.error) ? 1 : 0;
}

export const benchCommand = defineCommand({
  name: 'bench',
  usage: '[--notes N] [--runs R] [--vs bare|starlight|starlight-small] [--json]',
  summary: `Generates N seeded runbooks and change notes, builds the whole site R times (cold caches),
then once more with one note changed, and measures time, memory, page weight, the search
index and search latency in Chromium. Writes bench/results/<date>-<N>[-vs-<peer>].md.`,
  options: BENCH_OPTIONS,
  allowNegative: true,
  exitCodes: { 0: 'done', 1: 'a build failed', 2: 'bad arguments or set-up' },
  notes: `Environment: BENCH_ROOT (default /tmp/paritybook-bench) holds the generated notes, builds and
the peers' node_modules; PARITYBOOK_CHROMIUM (default /usr/bin/chromium).`,
  errors: [{ type: PeerSetupError, exitCode: 2 }],
  logPrefix: '[bench]',
  run: ({ values }) => bench(benchArgs(values)),
});

if (import.meta.main) await runMain(benchCommand);
