/**
 * Atomic deploy of a build into a folder a web server serves: hashed files first, then other
 * files, then HTML, then the service worker; every file is written beside its place and renamed
 * into it, so a reader gets the old file or the new one, never a partial one. Hashed files of
 * the previous N deploys stay, so HTML still cached by a browser or CDN finds its CSS, JS and
 * search chunks mid-rollout and afterwards.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { copyAtomically, writeAtomically } from '../lib/atomic.ts';
import { fileLimitWarnings } from './host-limits.ts';
import { explainFsError } from '../lib/fs-errors.ts';
import { acquireLock, LockHeldError } from '../lib/process-lock.ts';
import { classify, SERVICE_WORKER_PATH } from './policy.ts';
import { listFiles } from './walk.ts';

/** Folder inside the target with the deploy history and lock; the nginx snippet refuses to serve it. */
export const STATE_DIR = '.paritybook';
const HISTORY = 'deploys.json';
const LOCK = 'deploy.lock';

export class DeployError extends Error {
  override name = 'DeployError';
}

export interface DeployRecord {
  id: string;
  at: string;
  /** Every file this deploy published (paths with '/'). */
  files: string[];
}

export interface DeployOptions {
  source: string;
  target: string;
  /** Previous deploys whose hashed files stay published. */
  keep: number;
  dryRun?: boolean;
  now?: Date;
  onProgress?: (line: string) => void;
}

export interface DeployResult {
  id: string;
  written: {
    hashed: number;
    other: number;
    html: number;
    serviceWorker: number;
  };
  unchanged: number;
  bytesWritten: number;
  pruned: string[];
  keptFromPrevious: number;
  /** The nginx snippet changed: nginx needs `nginx -t && nginx -s reload` to apply it. */
  nginxConfigChanged: boolean;
  dryRun: boolean;
  /** Files of this build, as a host that takes one deployment at a time counts them. */
  files: number;
  /** Static hosts whose file limit this build exceeds or nears, and what to do (src/delivery/host-limits.ts). */
  warnings: string[];
}

/** Publishing order: a file only goes live once everything it may reference is in place. */
const PHASES = ['hashed', 'other', 'html', 'service-worker'] as const;
type Phase = (typeof PHASES)[number];

function phaseOf(file: string): Phase {
  const fileClass = classify(`/${file}`);
  if (fileClass === 'hashed') return 'hashed';
  if (fileClass === 'service-worker') return 'service-worker';
  return fileClass === 'html' ? 'html' : 'other';
}

const hashOf = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

async function sameContent(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a), stat(b).catch(() => undefined)]);
  if (!sb || sa.size !== sb.size) return false;
  return (await hashOf(a)) === (await hashOf(b));
}

async function readHistory(target: string): Promise<DeployRecord[]> {
  const text = await readFile(path.join(target, STATE_DIR, HISTORY), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '[]';
    throw error;
  });
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new Error('not a list');
    return parsed as DeployRecord[];
  } catch (error) {
    throw new DeployError(
      `${path.join(target, STATE_DIR, HISTORY)} is damaged; fix or remove it (the next deploy then keeps no older assets)`,
      {
        cause: error,
      },
    );
  }
}

async function lock(target: string): Promise<() => Promise<void>> {
  const file = path.join(target, STATE_DIR, LOCK);
  await mkdir(path.dirname(file), { recursive: true });
  try {
    const { release } = await acquireLock(file);
    return release;
  } catch (error) {
    if (error instanceof LockHeldError)
      throw new DeployError(`another deploy (pid ${error.holder.pid || '?'}) is running into ${target}`, {
        cause: error,
      });
    throw error;
  }
}

/** The nearest part of `target` that exists must be a folder; say which one is a file. */
async function checkTarget(target: string): Promise<void> {
  for (let folder = target; ; folder = path.dirname(folder)) {
    const info = await stat(folder).catch(() => undefined);
    if (info?.isDirectory()) return;
    if (info)
      throw new DeployError(
        `--target ${target}: ${folder} is a file, not a folder; choose another --target (a folder, or a path to create)`,
      );
    if (path.dirname(folder) === folder) return;
  }
}

async function removeEmptyFolders(root: string, folder: string): Promise<void> {
  if (folder === root || !folder.startsWith(root)) return;
  const entries = await readdir(folder).catch(() => undefined);
  if (entries && entries.length === 0) {
    await rmdir(folder).catch(() => undefined);
    await removeEmptyFolders(root, path.dirname(folder));
  }
}

export async function deploy(options: DeployOptions): Promise<DeployResult> {
  const source = path.resolve(options.source);
  const target = path.resolve(options.target);
  if (!Number.isInteger(options.keep) || options.keep < 0)
    throw new DeployError(`--keep must be a whole number of deploys (0 or more), found ${options.keep}`);
  const sourceInfo = await stat(path.join(source, 'index.html')).catch(() => undefined);
  if (!sourceInfo) throw new DeployError(`${source} holds no index.html; run "npm run build" first`);
  if (target === source || target.startsWith(source + path.sep) || source.startsWith(target + path.sep))
    throw new DeployError('--target must be a folder outside the build folder, and not contain it');

  await checkTarget(target);
  try {
    return await publish(source, target, options);
  } catch (error) {
    const explained = error instanceof DeployError ? undefined : explainFsError(error);
    if (!explained) throw error;
    throw new DeployError(
      `${explained}. Make it writable, or choose another --target, and deploy again; every file published so far is complete.`,
      { cause: error },
    );
  }
}

async function publish(source: string, target: string, options: DeployOptions): Promise<DeployResult> {
  const progress = options.onProgress ?? (() => undefined);
  await mkdir(target, { recursive: true });
  const unlock = options.dryRun ? async () => undefined : await lock(target);
  try {
    const history = await readHistory(target);
    const files = (await listFiles(source))
      .map((file) => file.path.split(path.sep).join('/'))
      .filter((file) => !file.startsWith(`${STATE_DIR}/`));
    const now = options.now ?? new Date();
    const swText = await readFile(path.join(source, SERVICE_WORKER_PATH.slice(1)), 'utf8').catch(() => '');
    const buildId = /build ([0-9a-f]{12}|disabled)/.exec(swText)?.[1] ?? 'unknown';
    const id = `${now.toISOString().replace(/[:.]/g, '-')}-${buildId}`;
    const result: DeployResult = {
      id,
      written: { hashed: 0, other: 0, html: 0, serviceWorker: 0 },
      unchanged: 0,
      bytesWritten: 0,
      pruned: [],
      keptFromPrevious: 0,
      nginxConfigChanged: false,
      dryRun: Boolean(options.dryRun),
      files: files.length,
      warnings: fileLimitWarnings(files.length),
    };
    for (const warning of result.warnings) progress(`warning: ${warning}`);

    for (const phase of PHASES) {
      const inPhase = files.filter((file) => phaseOf(file) === phase);
      let written = 0;
      for (const file of inPhase) {
        const from = path.join(source, file);
        const to = path.join(target, file);
        // Hashed names are content addresses: an existing one is already right.
        const current =
          phase === 'hashed' ? (await stat(to).catch(() => undefined)) !== undefined : await sameContent(from, to);
        if (current) {
          result.unchanged++;
          continue;
        }
        if (!options.dryRun) await copyAtomically(from, to);
        if (file === 'nginx-paritybook.conf') result.nginxConfigChanged = true;
        written++;
        result.bytesWritten += (await stat(from)).size;
      }
      const key = phase === 'service-worker' ? 'serviceWorker' : phase;
      result.written[key] = written;
      progress(`${phase}: ${written} written, ${inPhase.length - written} unchanged`);
    }

    // Prune what no kept deploy needs: hashed files of deploys older than --keep, and unhashed
    // files earlier deploys published that this build no longer has. Files never published by
    // a deploy (put there by hand) are left alone.
    const current = new Set(files);
    const previous = options.keep === 0 ? [] : history.slice(-options.keep);
    const keepHashed = new Set(previous.flatMap((record) => record.files.filter((file) => phaseOf(file) === 'hashed')));
    result.keptFromPrevious = [...keepHashed].filter((file) => !current.has(file)).length;
    const known = new Set(history.flatMap((record) => record.files));
    for (const file of [...known].sort()) {
      if (current.has(file) || keepHashed.has(file)) continue;
      result.pruned.push(file);
      if (!options.dryRun) {
        await rm(path.join(target, file), { force: true });
        await removeEmptyFolders(target, path.dirname(path.join(target, file)));
      }
    }
    progress(
      `pruned ${result.pruned.length} file(s); kept ${result.keptFromPrevious} hashed file(s) of the previous ${previous.length} deploy(s)`,
    );

    if (!options.dryRun) {
      const record: DeployRecord = { id, at: now.toISOString(), files };
      // History beyond what --keep can ever ask for is not needed; keep a few more for the record.
      await writeAtomically(
        path.join(target, STATE_DIR, HISTORY),
        `${JSON.stringify([...history, record].slice(-(options.keep + 10)), null, 1)}\n`,
      );
    }
    return result;
  } finally {
    await unlock();
  }
}
