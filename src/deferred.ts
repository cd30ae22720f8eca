/**
 * Steps of `astro:build:done` that the build command runs itself once Astro's process has exited (src/finish.ts):
 * when PARITYBOOK_FINISH_PLAN names a folder, a hook writes down what it would do there instead of doing it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedDeliveryOptions } from './delivery/options.ts';

/** What indexing a build needs besides the build itself. */
export interface IndexPlan {
  contentDir: string;
  root: string;
  excludeSelectors: string[];
}

export const FINISH_PLAN_ENV = 'PARITYBOOK_FINISH_PLAN';

export interface Steps {
  search: IndexPlan;
  delivery: ResolvedDeliveryOptions;
}

/** Writes a step down for later when the build command asked for that; true when it did (the hook then stops). */
export async function deferStep<S extends keyof Steps>(step: S, plan: Steps[S]): Promise<boolean> {
  const folder = process.env[FINISH_PLAN_ENV];
  if (!folder) return false;
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, `${step}.json`), JSON.stringify(plan));
  return true;
}

export async function readStep<S extends keyof Steps>(folder: string, step: S): Promise<Steps[S] | undefined> {
  const text = await readFile(path.join(folder, `${step}.json`), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as Steps[S]);
}
