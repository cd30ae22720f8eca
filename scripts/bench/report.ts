/** Turns measurements into the Markdown report written to bench/results/ and printed. */
import type { KnowledgeBaseSummary } from './generate.ts';
import type { DistMeasure } from './dist.ts';
import type { Phase } from './run.ts';
import type { SearchMeasure } from './search.ts';
import { formatBytes, formatNumber, formatRatio, median, perThousand, ratio } from './stats.ts';

export interface BuildRun {
  wallSeconds: number;
  cpuSeconds: number | null;
  peakTreeRssBytes: number;
  maxProcessRssBytes: number | null;
  phases: Phase[];
  /** How the search index was made: inside the build, or by the Pagefind CLI afterwards. */
  index: 'build' | 'cli' | 'none';
  exitCode: number | null;
}

export interface SiteResult {
  name: string;
  runs: BuildRun[];
  /** The build with one note changed whose wall time is nearest the median of `incrementalRuns`. */
  incremental?: BuildRun;
  /** Builds with one note changed, one per cold run, each after the one before. */
  incrementalRuns?: BuildRun[];
  dist?: DistMeasure;
  search?: SearchMeasure;
  /** The real search dialog, measured by scripts/bench-search.ts when the project has it. */
  dialog?: {
    page: string;
    coldMs: number;
    coldSearchMs: number;
    coldBytes: number;
    coldRequests: number;
    warmMedianMs: number;
    warmSearchMedianMs: number;
    warmMaxMs: number;
    repeatSearchMedianMs?: number;
    /** Every fresh-context cold run (the median is coldMs). */
    coldAllMs?: number[];
    /** To the full list (corrections, variants, symptoms searched too); coldMs and warmMedianMs are to the first results. */
    coldFullMs?: number;
    warmFullMedianMs?: number;
    /** The first query on Chromium's Slow 4G profile after the page settled (engine warmed when idle), median of 3. */
    slow4gColdMs?: number;
    /** The same with Save-Data on: nothing of search loaded before the dialog opens. */
    slow4gSaveDataMs?: number;
    coldSteps?: Record<string, number>;
    warmSteps?: Record<string, number>;
    jsBeforeOpenBytes: number;
  };
  error?: string;
}

export interface Environment {
  date: string;
  commit: string;
  node: string;
  cpus: number;
  cpuModel: string;
  memTotalBytes: number;
  memAvailableBytesAtStart: number;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  rssMethod: string;
}

export interface BenchReport {
  /** Extension of the generated notes. */
  format?: 'mdx' | 'md';
  notes: number;
  runs: number;
  seed: number;
  kb: KnowledgeBaseSummary;
  environment: Environment;
  sites: SiteResult[];
  parity?: { title: string; lines: string[] } | null;
  /** In-process timings of build-time helpers (scripts/bench/components.ts). */
  components?: { name: string; seconds: number; calls: number }[];
  /** The parity snapshot pull that recorded what the builds render. */
  snapshot?: { seconds: number; services: number; down: number };
}

export interface SiteSummary {
  wallSeconds: number | null;
  secondsPer1000: number | null;
  cpuSeconds: number | null;
  peakTreeRssBytes: number | null;
  maxProcessRssBytes: number | null;
  incrementalSeconds: number | null;
  incrementalCpuSeconds: number | null;
  /** One changed note against a cold build, wall time. */
  incrementalRatio: number | null;
  /** The build's own astro:build:done work (medians): the search index, and delivery (headers, offline copy). */
  hooks: {
    searchIndexSeconds: number | null;
    deliverySeconds: number | null;
    /** Delivery as a share of the cold build. */
    deliveryShare: number | null;
    /** Search index and delivery together as a share of the cold build. */
    buildDoneShare: number | null;
  };
  /**
   * The search dialog against plain Pagefind on the same index in the same run (Pagefind's API: load, search,
   * load 5 results): cold first query and warm query with new words, as ratios; and the cold query on Slow 4G.
   */
  search: { dialogColdRatio: number | null; dialogWarmRatio: number | null; slow4gColdMs: number | null };
  /** The growth curve: peak memory and dist/ files per 1,000 notes. */
  peakMbPer1000: number | null;
  distFilesPer1000: number | null;
  phases: Phase[];
}

/** Medians over the cold runs; a phase's median is taken over the runs where it showed up. */
export function summariseSite(site: SiteResult, notes: number): SiteSummary {
  const ok = site.runs.filter((run) => run.exitCode === 0);
  const wall = median(ok.map((run) => run.wallSeconds));
  const names = [...new Set(ok.flatMap((run) => run.phases.map((phase) => phase.name)))];
  const phaseSeconds = (name: string) =>
    median(ok.map((run) => run.phases.find((phase) => phase.name === name)?.seconds));
  const searchIndex = phaseSeconds('search index');
  const delivery = phaseSeconds('delivery (headers, offline copy)');
  const incrementalRuns = (site.incrementalRuns ?? (site.incremental ? [site.incremental] : [])).filter(
    (run) => run.exitCode === 0,
  );
  const incremental = median(incrementalRuns.map((run) => run.wallSeconds));
  const peak = median(ok.map((run) => run.peakTreeRssBytes));
  return {
    wallSeconds: wall,
    secondsPer1000: perThousand(wall, notes),
    cpuSeconds: median(ok.map((run) => run.cpuSeconds)),
    peakTreeRssBytes: median(ok.map((run) => run.peakTreeRssBytes)),
    maxProcessRssBytes: median(ok.map((run) => run.maxProcessRssBytes)),
    incrementalSeconds: incremental,
    incrementalCpuSeconds: median(incrementalRuns.map((run) => run.cpuSeconds)),
    incrementalRatio: ratio(incremental, wall),
    hooks: {
      searchIndexSeconds: searchIndex,
      deliverySeconds: delivery,
      deliveryShare: ratio(delivery, wall),
      buildDoneShare:
        searchIndex === null && delivery === null ? null : ratio((searchIndex ?? 0) + (delivery ?? 0), wall),
    },
    search: {
      dialogColdRatio: ratio(site.dialog?.coldMs, site.search?.coldFirstQueryMs),
      dialogWarmRatio: ratio(site.dialog?.warmMedianMs, site.search?.warmNewQueryMs),
      slow4gColdMs: site.dialog?.slow4gColdMs ?? null,
    },
    peakMbPer1000: peak === null ? null : perThousand(peak / 1e6, notes),
    distFilesPer1000: perThousand(site.dist?.totalFiles ?? null, notes),
    phases: names.map((name) => ({
      name,
      seconds: median(ok.map((run) => run.phases.find((phase) => phase.name === name)?.seconds)) ?? 0,
      peakRssBytes: median(ok.map((run) => run.phases.find((phase) => phase.name === name)?.peakRssBytes)) ?? undefined,
    })),
  };
}

type Row = [
  label: string,
  values: (number | null | undefined)[],
  format: (value: number | null | undefined) => string,
  ratio?: boolean,
];

const seconds = (value: number | null | undefined) => formatNumber(value, 2);
const ms = (value: number | null | undefined) => formatNumber(value, 0);
const count = (value: number | null | undefined) => formatNumber(value, 0);

const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : 'missed');

/** The performance targets that one run can check; the others need runs at several sizes (docs/benchmarks.md). */
export function targetLines(report: BenchReport, summaries: SiteSummary[]): string[] {
  const own = summaries[0];
  const site = report.sites[0];
  const out: string[] = [];
  const bareIndex = report.sites.findIndex((s) => s.name === 'bare');
  if (bareIndex > 0) {
    const time = ratio(own.wallSeconds, summaries[bareIndex].wallSeconds);
    const cpu = ratio(own.cpuSeconds, summaries[bareIndex].cpuSeconds);
    out.push(
      `- cold build at most 1.0× the floor, ${report.kb?.notesWithComponents ?? 0} of ${report.notes} notes using components: ${formatRatio(time)} wall, ${formatRatio(cpu)} CPU: ${verdict(time === null ? null : time <= 1)}`,
    );
    const memory = ratio(own.peakTreeRssBytes, summaries[bareIndex].peakTreeRssBytes);
    out.push(
      `- peak memory no more than the floor: ${formatRatio(memory)}: ${verdict(memory === null ? null : memory <= 1)}`,
    );
  }
  if (report.notes >= 10_000) {
    out.push(
      `- ${report.notes.toLocaleString('en-US')} notes in under 3 minutes: ${seconds(own.wallSeconds)} s: ${verdict(own.wallSeconds === null ? null : own.wallSeconds < 180)}`,
    );
    out.push(
      `- peak RSS under 6 GB: ${formatBytes(own.peakTreeRssBytes)}: ${verdict(own.peakTreeRssBytes === null ? null : own.peakTreeRssBytes < 6e9)}`,
    );
  }
  const js = site.dist?.medianRunbookJsGzipBytes;
  if (js !== undefined && js !== null)
    out.push(
      `- JS per runbook page at most 15 kB gzip before search opens: ${formatBytes(js)}: ${verdict(js <= 15_000)}`,
    );
  if (own.incrementalRatio !== null) {
    out.push(
      `- one changed note at most 0.25× the cold build: ${seconds(own.incrementalSeconds)} s vs ${seconds(own.wallSeconds)} s, ${formatRatio(own.incrementalRatio)}: ${verdict(own.incrementalRatio <= 0.25)}`,
    );
  }
  if (own.search.dialogColdRatio !== null) {
    out.push(
      `- search dialog's cold first query at most 1.2× plain Pagefind's on the same index (first results drawn; Save-Data on, so nothing of search loaded before): ${ms(site.dialog?.coldMs)} ms vs ${ms(site.search?.coldFirstQueryMs)} ms, ${formatRatio(own.search.dialogColdRatio)}: ${verdict(own.search.dialogColdRatio <= 1.2)}${site.dialog?.coldFullMs === undefined ? '' : `; full list ${ms(site.dialog.coldFullMs)} ms`}`,
    );
  }
  if (own.search.dialogWarmRatio !== null) {
    out.push(
      `- search dialog's warm query with new words at most 1.2× plain Pagefind's (first results drawn): ${ms(site.dialog?.warmMedianMs)} ms vs ${ms(site.search?.warmNewQueryMs)} ms, ${formatRatio(own.search.dialogWarmRatio)}: ${verdict(own.search.dialogWarmRatio <= 1.2)}${site.dialog?.warmFullMedianMs === undefined ? '' : `; full list ${ms(site.dialog.warmFullMedianMs)} ms`}`,
    );
  }
  if (own.search.slow4gColdMs !== null) {
    out.push(
      `- first results on Slow 4G within 2 s${report.notes < 10_000 ? ' (the target is set at 10,000 notes)' : ''}, the dialog opened once the page has settled: ${ms(own.search.slow4gColdMs)} ms: ${verdict(own.search.slow4gColdMs <= 2000)}${site.dialog?.slow4gSaveDataMs === undefined ? '' : ` (with Save-Data on, nothing loaded ahead: ${ms(site.dialog.slow4gSaveDataMs)} ms)`}`,
    );
  }
  if (own.hooks.deliveryShare !== null) {
    out.push(
      `- delivery hook (headers, offline copy) at most 10 % of the cold build: ${seconds(own.hooks.deliverySeconds)} s, ${(own.hooks.deliveryShare * 100).toFixed(1)} %: ${verdict(own.hooks.deliveryShare <= 0.1)}; with the search index, all build:done work: ${own.hooks.buildDoneShare === null ? '–' : `${(own.hooks.buildDoneShare * 100).toFixed(1)} %`}`,
    );
  }
  return out;
}

export function renderMarkdown(report: BenchReport): string {
  const { kb, environment: env } = report;
  const summaries = report.sites.map((site) => summariseSite(site, report.notes));
  const withPeer = report.sites.length > 1;
  const head = [
    'metric',
    ...report.sites.map((site) => site.name),
    ...(withPeer ? [`ratio ${report.sites[0].name} / ${report.sites[1].name}`] : []),
  ];
  const rows: Row[] = [
    ['build wall s, cold (median)', summaries.map((s) => s.wallSeconds), seconds, true],
    ['s per 1,000 notes', summaries.map((s) => s.secondsPer1000), seconds, true],
    ['CPU s, user + system', summaries.map((s) => s.cpuSeconds), seconds, true],
    ['CPU s per 1,000 notes', summaries.map((s) => perThousand(s.cpuSeconds, report.notes)), seconds, true],
    ['peak RSS, process tree (polled)', summaries.map((s) => s.peakTreeRssBytes), formatBytes, true],
    ['max RSS, largest process', summaries.map((s) => s.maxProcessRssBytes), formatBytes, true],
    ['incremental: one note changed, s', summaries.map((s) => s.incrementalSeconds), seconds, true],
    ['incremental: CPU s', summaries.map((s) => s.incrementalCpuSeconds), seconds, true],
    ['incremental / cold', summaries.map((s) => s.incrementalRatio), (v) => formatNumber(v, 2)],
    ['search index (build:done), s', summaries.map((s) => s.hooks.searchIndexSeconds), seconds, true],
    ['delivery: headers, offline copy (build:done), s', summaries.map((s) => s.hooks.deliverySeconds), seconds, true],
    ['peak RSS MB per 1,000 notes', summaries.map((s) => s.peakMbPer1000), (v) => formatNumber(v, 0), true],
    ['dist files per 1,000 notes', summaries.map((s) => s.distFilesPer1000), count, true],
    ['dist size', report.sites.map((s) => s.dist?.totalBytes), formatBytes, true],
    ['dist files', report.sites.map((s) => s.dist?.totalFiles), count, true],
    ['runbook pages found', report.sites.map((s) => s.dist?.runbookPages), count],
    ['HTML per runbook page (median)', report.sites.map((s) => s.dist?.medianRunbookHtmlBytes), formatBytes, true],
    ['HTML per runbook page (max)', report.sites.map((s) => s.dist?.maxRunbookHtmlBytes), formatBytes, true],
    ['HTML per runbook page, gzip', report.sites.map((s) => s.dist?.medianRunbookHtmlGzipBytes), formatBytes, true],
    [
      'JS per runbook page, gzip (before search opens)',
      report.sites.map((s) => s.dist?.medianRunbookJsGzipBytes),
      formatBytes,
      true,
    ],
    ['CSS per runbook page, gzip', report.sites.map((s) => s.dist?.medianRunbookCssGzipBytes), formatBytes, true],
    ['search index size', report.sites.map((s) => s.dist?.indexBytes), formatBytes, true],
    ['search index files', report.sites.map((s) => s.dist?.indexFiles), count, true],
    [
      'page load with Save-Data, bytes fetched (uncompressed)',
      report.sites.map((s) => s.search?.pageLoadBytes),
      formatBytes,
      true,
    ],
    [
      'page load until idle (search engine warmed), bytes',
      report.sites.map((s) => s.search?.idleLoadBytes),
      formatBytes,
      true,
    ],
    [
      'first visit incl. service-worker precache, bytes',
      report.sites.map((s) => (s.search?.serviceWorker ? s.search.firstVisitBytes : null)),
      formatBytes,
      true,
    ],
    ['cold first query, ms (median)', report.sites.map((s) => s.search?.coldFirstQueryMs), ms, true],
    ['cold first query, bytes fetched', report.sites.map((s) => s.search?.coldFirstQueryBytes), formatBytes, true],
    ['warm query, same term, ms', report.sites.map((s) => s.search?.warmSameQueryMs), (v) => formatNumber(v, 1), true],
    [
      'warm query, new term, ms (median)',
      report.sites.map((s) => s.search?.warmNewQueryMs),
      (v) => formatNumber(v, 1),
      true,
    ],
    ['warm query, new term, bytes fetched', report.sites.map((s) => s.search?.warmNewQueryBytes), formatBytes, true],
  ];
  const lines: string[] = [];
  lines.push(
    `# Benchmark: ${report.notes.toLocaleString('en-US')} notes${withPeer ? `, paritybook vs ${report.sites[1].name}` : ''}`,
  );
  lines.push('');
  lines.push(
    `${env.date} · commit ${env.commit} · Node ${env.node} · ${env.cpus} × ${env.cpuModel} · ${formatBytes(env.memTotalBytes)} RAM, ${formatBytes(env.memAvailableBytesAtStart)} available at start · load average ${env.loadAverageStart.map((v) => v.toFixed(2)).join(' ')} at start, ${env.loadAverageEnd.map((v) => v.toFixed(2)).join(' ')} at end`,
  );
  lines.push('');
  lines.push(
    `Knowledge base (seed ${kb.seed}, .${report.format ?? 'mdx'} files): ${kb.runbooks} runbooks, ${kb.changes} change notes (${kb.needsReview} needs-review; ${kb.notesWithComponents ?? 0} use components), ${kb.services} services, ${kb.teams} teams; ${kb.avgWords} words per note on average (${kb.minWords}–${kb.maxWords}). ${report.runs} cold build${report.runs > 1 ? 's' : ''} per site${withPeer ? ', alternating' : ''}; medians. Memory: ${env.rssMethod}.`,
  );
  lines.push('');
  lines.push(`| ${head.join(' | ')} |`);
  lines.push(`| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const [label, values, format, showRatio] of rows) {
    if (values.every((value) => value === null || value === undefined)) continue;
    const cells = values.map((value) => format(value));
    if (withPeer) cells.push(showRatio ? formatRatio(ratio(values[0], values[1])) : '');
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }

  const phaseNames = [...new Set(summaries.flatMap((s) => s.phases.map((phase) => phase.name)))];
  if (phaseNames.length) {
    lines.push('');
    lines.push(
      'Where the cold build time and memory go (seconds from one phase marker in the build output to the next, and the highest process-tree RSS sampled in it; medians):',
    );
    lines.push('');
    lines.push(`| phase | ${report.sites.map((site) => `${site.name} s | ${site.name} peak RSS`).join(' | ')} |`);
    lines.push(`| --- | ${report.sites.map(() => '---: | ---:').join(' | ')} |`);
    for (const name of phaseNames) {
      const cells = summaries.map((s) => {
        const phase = s.phases.find((p) => p.name === name);
        return `${seconds(phase?.seconds)} | ${formatBytes(phase?.peakRssBytes)}`;
      });
      lines.push(`| ${name} | ${cells.join(' | ')} |`);
    }
  }

  const targets = targetLines(report, summaries);
  if (targets.length) {
    lines.push('');
    lines.push('Targets, as far as this run can tell:');
    lines.push('');
    lines.push(...targets);
  }

  lines.push('');
  lines.push('Runs:');
  lines.push('');
  lines.push('| site | run | exit | wall s | CPU s | peak RSS tree | index |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const site of report.sites) {
    const all = [
      ...site.runs.map((run, i) => [String(i + 1), run] as const),
      ...(site.incrementalRuns ?? (site.incremental ? [site.incremental] : [])).map(
        (run, i) => [`incremental ${i + 1}`, run] as const,
      ),
    ];
    for (const [label, run] of all) {
      lines.push(
        `| ${site.name} | ${label} | ${run.exitCode ?? 'killed'} | ${seconds(run.wallSeconds)} | ${seconds(run.cpuSeconds)} | ${formatBytes(run.peakTreeRssBytes)} | ${run.index === 'cli' ? 'Pagefind CLI after build' : run.index === 'build' ? 'inside build' : 'none'} |`,
      );
    }
  }
  const searchNotes = report.sites
    .filter((site) => site.search)
    .map((site) => {
      const s = site.search!;
      const hit =
        s.coldFirstIsExpected === null
          ? ''
          : s.coldFirstIsExpected
            ? ', its runbook ranked first'
            : `, first result ${s.coldFirstUrl ?? 'none'} (not its runbook)`;
      return `- ${site.name}: cold query for an alert name gave ${s.coldResults} result(s)${hit}; cold runs ${s.coldAllMs.map((v) => v.toFixed(0)).join(', ')} ms; warm queries ${s.warm.map((w) => `${w.query} ${w.ms.toFixed(1)} ms/${w.results}`).join(', ')}.`;
    });
  if (searchNotes.length) {
    lines.push('');
    lines.push(
      `Search in Chromium ${report.sites.find((site) => site.search)?.search?.chromium ?? ''} on 127.0.0.1, uncompressed bytes counted on the server (Web Worker fetches included):`,
    );
    lines.push('');
    lines.push(...searchNotes);
  }
  for (const site of report.sites.filter((s) => s.dialog)) {
    const d = site.dialog!;
    lines.push('');
    lines.push(
      `- ${site.name} search dialog (scripts/bench-search.ts: Ctrl+K and typing on ${d.page}, transferred bytes, service workers blocked): cold first query, first results ${formatNumber(d.coldMs, 0)} ms end to end${d.coldAllMs ? ` (median of ${d.coldAllMs.length} fresh contexts, Save-Data on)` : ''}${d.coldFullMs === undefined ? '' : `, full list ${formatNumber(d.coldFullMs, 0)} ms`}${d.slow4gColdMs === undefined ? '' : `; on Slow 4G ${formatNumber(d.slow4gColdMs, 0)} ms once the page has settled${d.slow4gSaveDataMs === undefined ? '' : `, ${formatNumber(d.slow4gSaveDataMs, 0)} ms with Save-Data`}`} (search itself ${formatNumber(d.coldSearchMs, 0)} ms), ${formatBytes(d.coldBytes)} in ${d.coldRequests} requests; warm queries with new words median ${formatNumber(d.warmMedianMs, 1)} ms end to end to first results${d.warmFullMedianMs === undefined ? '' : `, ${formatNumber(d.warmFullMedianMs, 1)} ms to the full list`} (full search itself ${formatNumber(d.warmSearchMedianMs, 1)} ms; slowest first results ${formatNumber(d.warmMaxMs, 0)} ms)${d.repeatSearchMedianMs === undefined ? '' : `; warm queries whose words and fragments are loaded (an earlier search again, a filter) median ${formatNumber(d.repeatSearchMedianMs, 0)} ms`}; JS before search opens ${formatBytes(d.jsBeforeOpenBytes)}.` +
        (d.warmSteps
          ? ` Where a warm query's time goes (medians, ms): ${Object.entries(d.warmSteps)
              .filter(([name]) => name !== 'query')
              .map(([name, ms]) => `${name} ${formatNumber(ms, 1)}`)
              .join(', ')}.`
          : '') +
        ` Targets: cold under 300 ms and 300 kB: ${d.coldMs < 300 && d.coldBytes < 300 * 1024 ? 'met' : 'missed'}; warm under 50 ms: ${d.repeatSearchMedianMs !== undefined && d.repeatSearchMedianMs < 50 ? 'met for loaded words' : 'missed for loaded words'}, ${d.warmSearchMedianMs < 50 ? 'met' : 'missed'} for new words.`,
    );
  }
  const errors = report.sites.filter((site) => site.error);
  if (errors.length) {
    lines.push('');
    for (const site of errors) lines.push(`- ${site.name} failed: ${site.error}`);
  }
  if (report.snapshot) {
    lines.push('');
    lines.push(
      `Parity snapshots rendered by the builds were pulled once before them by src/parity/run.ts from two local environments: ${report.snapshot.services} services × 2 in ${seconds(report.snapshot.seconds)} s (${report.snapshot.down} environment(s) down).`,
    );
  }
  if (report.components?.length) {
    lines.push('');
    lines.push('Build-time helpers timed in-process on the same notes (CPU seconds of one thread):');
    lines.push('');
    lines.push('| helper | CPU s for all pages | pages timed |');
    lines.push('| --- | ---: | ---: |');
    for (const c of report.components)
      lines.push(
        `| ${c.name} | ${seconds(c.seconds)} | ${c.calls < report.notes ? `${c.calls} (scaled to ${report.notes})` : c.calls} |`,
      );
  }
  if (report.parity) {
    lines.push('');
    lines.push(`${report.parity.title}:`);
    lines.push('');
    lines.push(...report.parity.lines);
  }
  return lines.join('\n') + '\n';
}

/** One row per site and result file, sorted by size: shows whether cost grows linearly and pages stay flat. */
export function renderSummary(reports: BenchReport[]): string {
  const rows = reports
    .flatMap((report) => report.sites.map((site) => ({ report, site, summary: summariseSite(site, report.notes) })))
    .filter(({ summary }) => summary.wallSeconds !== null)
    .sort(
      (a, b) =>
        a.site.name.localeCompare(b.site.name) ||
        a.report.notes - b.report.notes ||
        a.report.environment.date.localeCompare(b.report.environment.date),
    );
  const lines = [
    '| site | notes | format | date | wall s | s per 1,000 | CPU s | CPU s per 1,000 | peak RSS | MB per 1,000 | dist files per 1,000 | one note changed, s (× cold) | HTML per runbook page | JS per page, gzip | index | cold query ms | load avg at start |',
    '| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { report, site, summary } of rows) {
    lines.push(
      `| ${site.name} | ${report.notes.toLocaleString('en-US')} | ${report.format ?? 'mdx'} | ${report.environment.date.slice(0, 16).replace('T', ' ')} | ${seconds(summary.wallSeconds)} | ${seconds(summary.secondsPer1000)} | ${seconds(summary.cpuSeconds)} | ${seconds(perThousand(summary.cpuSeconds, report.notes))} | ${formatBytes(summary.peakTreeRssBytes)} | ${formatNumber(summary.peakMbPer1000, 0)} | ${count(summary.distFilesPer1000)} | ${summary.incrementalSeconds === null ? '–' : `${seconds(summary.incrementalSeconds)} (${formatNumber(summary.incrementalRatio, 2)})`} | ${formatBytes(site.dist?.medianRunbookHtmlBytes)} | ${formatBytes(site.dist?.medianRunbookJsGzipBytes)} | ${formatBytes(site.dist?.indexBytes)} | ${ms(site.search?.coldFirstQueryMs)} | ${report.environment.loadAverageStart[0]?.toFixed(1) ?? '–'} |`,
    );
  }
  return lines.join('\n') + '\n';
}
