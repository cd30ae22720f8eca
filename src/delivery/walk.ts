import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface BuiltFile {
  /** Path relative to the build folder, with the platform's separator. */
  path: string;
  bytes: number;
}

/** Every regular file under `root`, sorted by path. */
export async function listFiles(root: string): Promise<BuiltFile[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const full = path.join(entry.parentPath, entry.name);
        return {
          path: path.relative(root, full),
          bytes: (await stat(full)).size,
        };
      }),
  );
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
