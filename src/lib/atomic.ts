/**
 * Replacing a file so that a reader sees the old one or the new one, never half of either: the
 * new content goes to a temporary name in the same folder (same file system), then a rename puts it
 * in place. Snapshots, deploys and the build's own files are written this way.
 */
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Makes `target` through `create(temporary)`, then renames it into place; the folder is created when missing. */
export async function replaceAtomically(target: string, create: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await create(temporary);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export const writeAtomically = (file: string, data: string | Uint8Array) =>
  replaceAtomically(file, (temporary) => writeFile(temporary, data, { mode: 0o644 }));

export const copyAtomically = (from: string, to: string) =>
  replaceAtomically(to, (temporary) => copyFile(from, temporary));
