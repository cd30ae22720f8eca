/** Command-line arguments of `npm run bench`. */
import { parseCommandArgs, UsageError, wholeNumber, type OptionSpecs, type OptionValues } from '../lib/cli.ts';

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

export { UsageError };

/** The options of `npm run bench`, for its parser and its `--help`. */
export const BENCH_OPTIONS = {
  notes: { type: 'string', short: 'n', default: '1000', value: 'N', description: 'notes to generate' },
  runs: { type: 'string', short: 'r', default: '1', value: 'R', description: 'cold builds per site; medians reported' },
  vs: {
    type: 'string',
    value: 'peer',
    description: `also build the same notes with a peer from ../shared/bench, alternating:
bare (Astro + MDX + Pagefind CLI), starlight (default sidebar),
starlight-small (one-link sidebar)`,
  },
  format: {
    type: 'string',
    default: 'mdx',
    value: 'F',
    description: 'notes as mdx (as authors write them) or md (plain Markdown)',
  },
  seed: { type: 'string', default: '42', value: 'S', description: 'generator seed' },
  search: { type: 'boolean', default: true, description: 'skip the Chromium search measurements' },
  incremental: { type: 'boolean', default: true, description: 'skip the second build with one note changed' },
  out: { type: 'string', default: 'bench/results', value: 'dir', description: 'results folder' },
  timeout: { type: 'string', default: '900', value: 'S', description: 'stop a build after S seconds' },
  json: { type: 'boolean', default: false, description: 'print the results as JSON instead of the Markdown table' },
  summary: {
    type: 'boolean',
    default: false,
    description: 'build nothing: one table across the results in --out (growth with N)',
  },
} satisfies OptionSpecs;

/** Checks and converts the parsed options. */
export function benchArgs(values: OptionValues<typeof BENCH_OPTIONS>): BenchArgs {
  if (values.vs !== undefined && !(PEERS as readonly string[]).includes(values.vs)) {
    throw new UsageError(`--vs takes one of ${PEERS.join(', ')}, got "${values.vs}"`);
  }
  if (values.format !== 'mdx' && values.format !== 'md')
    throw new UsageError(`--format takes mdx or md, got "${values.format}"`);
  return {
    notes: wholeNumber('notes', values.notes, { min: 1, max: 100_000 }),
    runs: wholeNumber('runs', values.runs, { min: 1, max: 50 }),
    seed: wholeNumber('seed', values.seed),
    json: values.json,
    vs: (values.vs as Peer | undefined) ?? null,
    format: values.format,
    search: values.search,
    incremental: values.incremental,
    out: values.out,
    timeout: wholeNumber('timeout', values.timeout, { min: 1, max: 24 * 3600 }),
    summary: values.summary,
    help: values.help,
  };
}

/** Parses the arguments of `npm run bench`; throws a UsageError. */
export function parseBenchArgs(argv: string[]): BenchArgs {
  return benchArgs(parseCommandArgs({ options: BENCH_OPTIONS, allowNegative: true }, argv).values);
}
