/** Command-line arguments of `npm run bench`. */
import { parseArgs } from 'node:util';

export const PEERS = ['bare', 'starlight', 'starlight-small'] as const;
export type Peer = (typeof PEERS)[number];

export interface BenchArgs {
  notes: number;
  runs: number;
  seed: number;
  json: boolean;
  vs: Peer | null;
  /** Notes as .mdx (default) or plain .md. */
  format: 'mdx' | 'md';
  search: boolean;
  incremental: boolean;
  /** Where the Markdown (and JSON) results go. */
  out: string;
  /** Seconds before one build is stopped. */
  timeout: number;
  /** Print a scaling table from the JSON results already in `out`, and build nothing. */
  summary: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP = `Usage: npm run bench -- [--notes N] [--runs R] [--vs bare|starlight|starlight-small] [--json]

Generates N seeded runbooks and change notes, builds the whole site R times (cold caches),
then once more with one note changed, and measures time, memory, page weight, the search
index and search latency in Chromium. Writes bench/results/<date>-<N>[-vs-<peer>].md.

  --notes N        notes to generate (default 1000)
  --runs R         cold builds per site; medians are reported (default 1)
  --vs PEER        also build the same notes with a peer from ../shared/bench, alternating:
                   bare (Astro + MDX + Pagefind CLI), starlight (default sidebar),
                   starlight-small (one-link sidebar)
  --format F       notes as mdx (default, as authors write them) or md (plain Markdown)
  --seed S         generator seed (default 42)
  --no-search      skip the Chromium search measurements
  --no-incremental skip the second build with one note changed
  --out DIR        results folder (default bench/results)
  --timeout S      stop a build after S seconds (default 900)
  --json           print the results as JSON instead of the Markdown table
  --summary        build nothing: one table across the results in --out (growth with N)
  -h, --help       this text

Environment: BENCH_ROOT (default /tmp/paritybook-bench) holds the generated notes, builds and
the peers' node_modules; PARITYBOOK_CHROMIUM (default /usr/bin/chromium).`;

const positiveInt = (name: string, text: string, max: number) => {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${name} takes a whole number, got "${text}"`);
  const value = Number(text);
  if (value < 1 || value > max) throw new UsageError(`--${name} must be between 1 and ${max}, got ${value}`);
  return value;
};

export function parseBenchArgs(argv: string[]): BenchArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      allowNegative: true,
      options: {
        notes: { type: 'string', short: 'n', default: '1000' },
        runs: { type: 'string', short: 'r', default: '1' },
        seed: { type: 'string', default: '42' },
        vs: { type: 'string' },
        format: { type: 'string', default: 'mdx' },
        json: { type: 'boolean', default: false },
        search: { type: 'boolean', default: true },
        incremental: { type: 'boolean', default: true },
        out: { type: 'string', default: 'bench/results' },
        timeout: { type: 'string', default: '900' },
        summary: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const { values } = parsed;
  if (values.vs !== undefined && !(PEERS as readonly string[]).includes(values.vs)) {
    throw new UsageError(`--vs takes one of ${PEERS.join(', ')}, got "${values.vs}"`);
  }
  if (values.format !== 'mdx' && values.format !== 'md')
    throw new UsageError(`--format takes mdx or md, got "${values.format}"`);
  if (!/^\d+$/.test(values.seed)) throw new UsageError(`--seed takes a whole number, got "${values.seed}"`);
  return {
    notes: positiveInt('notes', values.notes, 100_000),
    runs: positiveInt('runs', values.runs, 50),
    seed: Number(values.seed),
    json: values.json,
    vs: (values.vs as Peer | undefined) ?? null,
    format: values.format,
    search: values.search,
    incremental: values.incremental,
    out: values.out,
    timeout: positiveInt('timeout', values.timeout, 24 * 3600),
    summary: values.summary,
    help: values.help,
  };
}
