/**
 * npm run schemas: writes schemas/*.schema.json from the zod schemas, for editor completion and validation.
 * `--check` writes nothing and exits 1 when a file is out of date (CI and the test use it).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineCommand, runMain } from './lib/cli.ts';
import { generateSchemas, ROOT } from './lib/json-schemas.ts';

export const schemasCommand = defineCommand({
  name: 'schemas',
  summary: 'Generates schemas/<kind>.schema.json from src/schemas/ (zod), with field docs and examples.',
  options: {
    check: {
      type: 'boolean',
      default: false,
      description: 'write nothing; exit 1 if a generated file is missing or out of date',
    },
  },
  exitCodes: { 0: 'up to date (or written)', 1: 'out of date with --check', 2: 'usage error' },
  async run({ values }) {
    const stale: string[] = [];
    for (const [file, text] of Object.entries(await generateSchemas())) {
      const absolute = path.join(ROOT, file);
      let current: string | undefined;
      try {
        current = readFileSync(absolute, 'utf8');
      } catch {
        current = undefined;
      }
      if (current === text) continue;
      stale.push(file);
      if (!values.check) {
        mkdirSync(path.dirname(absolute), { recursive: true });
        writeFileSync(absolute, text);
        process.stdout.write(`wrote ${file}\n`);
      }
    }
    if (values.check && stale.length > 0) {
      process.stderr.write(`Out of date: ${stale.join(', ')}. Run npm run schemas and commit the result.\n`);
      return 1;
    }
    if (stale.length === 0) process.stderr.write('JSON Schemas are up to date.\n');
    return 0;
  },
});

if (import.meta.main) await runMain(schemasCommand);
