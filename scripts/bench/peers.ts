/**
 * Peer sites for side-by-side numbers, from ../shared/bench: a bare Astro 7 + MDX site indexed
 * with the Pagefind CLI (the floor: what any Astro site pays), and Astro Starlight. Their
 * dependencies are installed from the npm registry into $BENCH_ROOT, never into this repository.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Peer } from './args.ts';

/** Versions the shared harness measured with (../shared/bench/RESULTS.md). */
export const PEER_PACKAGES = {
  plain: ['astro@7.3.5', '@astrojs/mdx@8.0.2', 'pagefind@1.6.0'],
  starlight: ['astro@7.3.5', '@astrojs/starlight@0.42.4'],
} as const;

export interface PeerSite {
  peer: Peer;
  /** Site folder under $BENCH_ROOT. */
  dir: string;
  /** Where the notes go inside the site. */
  notesDir: string;
  /** Environment that selects the variant in the site's astro.config.mjs. */
  env: Record<string, string>;
  /** Whether Pagefind runs as a separate command after `astro build` (Starlight runs it inside). */
  separateIndex: boolean;
}

export class PeerSetupError extends Error {
  override name = 'PeerSetupError';
}

/** ../shared/bench seen from the repository (main checkout or a worktree one level deeper). */
export function findSharedBench(repoRoot: string): string {
  const candidates = [
    process.env.PARITYBOOK_SHARED_BENCH,
    path.resolve(repoRoot, '../shared/bench'),
    path.resolve(repoRoot, '../../shared/bench'),
  ];
  const found = candidates.find((dir): dir is string => Boolean(dir) && existsSync(path.join(dir!, 'plain-site')));
  if (!found)
    throw new PeerSetupError(`cannot find ../shared/bench (plain-site, starlight-site); set PARITYBOOK_SHARED_BENCH`);
  return found;
}

export function peerSite(peer: Peer, benchRoot: string): PeerSite {
  if (peer === 'bare') {
    const dir = path.join(benchRoot, 'peer-plain');
    return { peer, dir, notesDir: path.join(dir, 'notes'), env: { ANCHOR_MD: 'satteri' }, separateIndex: true };
  }
  const dir = path.join(benchRoot, 'peer-starlight');
  return {
    peer,
    dir,
    notesDir: path.join(dir, 'src/content/docs/notes'),
    env: { ANCHOR_SIDEBAR: peer === 'starlight' ? 'auto' : 'small' },
    separateIndex: false,
  };
}

async function copyTree(from: string, to: string) {
  // File by file, so the copies are writable even though ../shared is read-only.
  for (const entry of await readdir(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join(to, path.relative(from, source));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await readFile(source));
  }
}

function npmInstall(dir: string, packages: readonly string[], log: (line: string) => void): Promise<void> {
  log(`npm install ${packages.join(' ')} in ${dir}`);
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...packages], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => reject(new PeerSetupError(`npm did not start in ${dir}`, { cause: error })));
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new PeerSetupError(
              `npm install failed in ${dir} (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`,
            ),
          ),
    );
  });
}

/** Installs the peer's dependencies once (kept in $BENCH_ROOT) and lays out its sources fresh. */
export async function preparePeer(site: PeerSite, sharedBench: string, log: (line: string) => void): Promise<void> {
  const kind = site.peer === 'bare' ? 'plain' : 'starlight';
  await mkdir(site.dir, { recursive: true });
  const marker =
    kind === 'plain' ? 'node_modules/@astrojs/mdx/package.json' : 'node_modules/@astrojs/starlight/package.json';
  if (!existsSync(path.join(site.dir, marker))) {
    await writeFile(
      path.join(site.dir, 'package.json'),
      JSON.stringify({ name: `bench-peer-${kind}`, private: true, type: 'module' }) + '\n',
    );
    await npmInstall(site.dir, PEER_PACKAGES[kind], log);
  }
  await rm(path.join(site.dir, 'src'), { recursive: true, force: true });
  await copyTree(path.join(sharedBench, `${kind}-site`), site.dir);
}
