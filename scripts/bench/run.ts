/**
 * Runs one build command and measures it: wall time, CPU time, peak memory of the whole process
 * tree, and when each build phase started (every output line is time-stamped on arrival).
 *
 * Memory: every 100 ms the runner reads /proc/<pid>/stat of every process and sums the resident
 * set size of the command and all its descendants (Astro, Pagefind's Rust binary, workers).
 * That is what a CI runner's memory limit sees. When /usr/bin/time exists (Debian package `time`)
 * the command runs under it too, which adds CPU seconds and the largest single process's max RSS.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface LogLine {
  /** Milliseconds since the command started. */
  ms: number;
  text: string;
}

export interface RunResult {
  command: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  wallSeconds: number;
  /** Peak of the summed RSS of the command and all its descendants, polled. */
  peakTreeRssBytes: number;
  /** Largest single process's max RSS (getrusage via /usr/bin/time), when available. */
  maxProcessRssBytes: number | null;
  /** User + system CPU seconds of the whole tree (via /usr/bin/time), when available. */
  cpuSeconds: number | null;
  lines: LogLine[];
  /** Tree RSS samples: [ms since start, bytes]. */
  samples: [number, number][];
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Full log written here (time-stamped lines). */
  logFile?: string;
  timeoutSeconds?: number;
  pollMs?: number;
  /** Called with each output line (progress). */
  onLine?: (line: LogLine) => void;
}

const PAGE_SIZE = 4096;
const TIME = '/usr/bin/time';

/** Sum of RSS over `root` and its descendants, and the largest single one, from /proc. */
export function treeRss(root: number, procDir = '/proc'): { total: number; largest: number } {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const name of readdirSync(procDir)) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(path.join(procDir, name, 'stat'), 'utf8');
    } catch {
      continue; // the process ended between readdir and read
    }
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parent.set(Number(name), Number(fields[1]));
    rss.set(Number(name), Number(fields[21]) * PAGE_SIZE);
  }
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parent) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let total = 0;
  let largest = 0;
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const bytes = rss.get(pid) ?? 0;
    total += bytes;
    largest = Math.max(largest, bytes);
    stack.push(...(children.get(pid) ?? []));
  }
  return { total, largest };
}

/** Parses `/usr/bin/time -f '%e %U %S %M'` output (the last line; the command's own stderr is elsewhere). */
export function parseTimeOutput(text: string): { wall: number; cpu: number; maxRssBytes: number } | null {
  const last = text.trim().split('\n').at(-1) ?? '';
  const match = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(last.trim());
  if (!match) return null;
  return { wall: Number(match[1]), cpu: Number(match[2]) + Number(match[3]), maxRssBytes: Number(match[4]) * 1024 };
}

const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

export async function runMeasured(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const useTime = existsSync(TIME);
  const timeFile = path.join(os.tmpdir(), `paritybook-bench-time-${process.pid}-${Date.now()}.txt`);
  const [file, argv] = useTime ? [TIME, ['-f', '%e %U %S %M', '-o', timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // Its own process group, so a timeout stops the whole tree (Astro, Pagefind), not only /usr/bin/time.
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGTERM');
  process.once('exit', onExit);
  const lines: LogLine[] = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const ms = performance.now() - started;
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) {
        const line = { ms, text: stripAnsi(part).replace(/\r/g, '') };
        lines.push(line);
        options.onLine?.(line);
      }
    });
    stream.on('end', () => {
      if (rest) lines.push({ ms: performance.now() - started, text: stripAnsi(rest) });
    });
  };
  collect(child.stdout!);
  collect(child.stderr!);

  let peak = 0;
  const samples: [number, number][] = [];
  const poll = () => {
    if (!child.pid) return;
    const total = treeRss(child.pid).total;
    samples.push([performance.now() - started, total]);
    peak = Math.max(peak, total);
  };
  const timer = setInterval(poll, options.pollMs ?? 100);
  let timedOut = false;
  const killer = options.timeoutSeconds
    ? setTimeout(() => {
        timedOut = true;
        killGroup('SIGTERM');
        setTimeout(() => killGroup('SIGKILL'), 10_000).unref();
      }, options.timeoutSeconds * 1000)
    : undefined;
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal }));
    },
  );
  const wallSeconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  process.off('exit', onExit);
  if (killer) clearTimeout(killer);

  let cpuSeconds: number | null = null;
  let maxProcessRssBytes: number | null = null;
  if (useTime) {
    const parsed = parseTimeOutput(await readFile(timeFile, 'utf8').catch(() => ''));
    if (parsed) {
      cpuSeconds = parsed.cpu;
      maxProcessRssBytes = parsed.maxRssBytes;
    }
    await rm(timeFile, { force: true });
  }
  if (options.logFile) {
    const text = lines.map((line) => `${(line.ms / 1000).toFixed(2).padStart(8)}s ${line.text}`).join('\n');
    await writeFile(options.logFile, `$ ${[command, ...args].join(' ')}\n${text}\n`);
  }
  return {
    command: [command, ...args].join(' '),
    exitCode: code,
    signal,
    timedOut,
    wallSeconds,
    peakTreeRssBytes: Math.max(peak, maxProcessRssBytes ?? 0),
    maxProcessRssBytes,
    cpuSeconds,
    lines,
    samples,
  };
}

/** A build phase and how long it took (from the arrival of its first line to the next phase's). */
export interface Phase {
  name: string;
  seconds: number;
  /** Highest tree RSS sampled during the phase, when samples were given. */
  peakRssBytes?: number;
}

/**
 * Markers in Astro's build output (Astro 7) and in Pagefind's. A phase lasts from its marker
 * until the next marker that shows up, so the phases add up to the wall time.
 */
export const PHASE_MARKERS: { name: string; pattern: RegExp }[] = [
  { name: 'vite dependency optimizer', pattern: /\[vite\] \[optimizer\]/ },
  { name: 'content sync', pattern: /\[content\] Syncing content/ },
  { name: 'types', pattern: /\[content\] Synced content/ },
  { name: 'collect build info', pattern: /\[build\] Collecting build info/ },
  { name: 'vite bundle', pattern: /\[build\] Building static entrypoints/ },
  { name: 'render routes', pattern: /generating static routes/ },
  { name: 'after render (integrations: search index, ...)', pattern: /^\S+ ✓ Completed in (?:\d+m )?[\d.]+m?s\.\s*$/ },
  { name: 'search index', pattern: /Indexing the built pages for search|Building search index/i },
  // The delivery integration (headers, offline copy) runs after the search index.
  { name: 'delivery (headers, offline copy)', pattern: /delivery: writing headers and the offline copy/ },
  { name: 'finish', pattern: /\[build\] (?:\d+ page\(s\) built|Complete!)/ },
];

export function phasesOf(lines: LogLine[], wallSeconds: number, samples: [number, number][] = []): Phase[] {
  const starts: { name: string; ms: number }[] = [{ name: 'start-up, config, content check', ms: 0 }];
  let next = 0;
  for (const line of lines) {
    // Markers are taken in order, each once, so a later "Completed in" line cannot reopen a phase.
    for (let i = next; i < PHASE_MARKERS.length; i++) {
      if (PHASE_MARKERS[i].pattern.test(line.text)) {
        starts.push({ name: PHASE_MARKERS[i].name, ms: line.ms });
        next = i + 1;
        break;
      }
    }
  }
  return starts.map((start, i) => {
    const end = starts[i + 1]?.ms ?? wallSeconds * 1000;
    const during = samples.filter(([ms]) => ms >= start.ms && ms < end).map(([, bytes]) => bytes);
    return {
      name: start.name,
      seconds: (end - start.ms) / 1000,
      ...(during.length ? { peakRssBytes: Math.max(...during) } : {}),
    };
  });
}
