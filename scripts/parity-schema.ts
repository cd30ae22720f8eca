/** Writes examples/parity.schema.json from the zod schema (a unit test fails when it is out of date). */
import { writeFileSync } from 'node:fs';
import { contractJsonText } from '../src/parity/contract.ts';
import { defineCommand, runMain } from './lib/cli.ts';

export const paritySchemaCommand = defineCommand({
  name: 'parity-schema',
  invocation: 'node scripts/parity-schema.ts',
  summary: 'Writes examples/parity.schema.json, the JSON Schema of GET /__parity, from its zod schema.',
  options: {},
  run({ log }) {
    writeFileSync(new URL('../examples/parity.schema.json', import.meta.url), contractJsonText());
    log('wrote examples/parity.schema.json');
  },
});

if (import.meta.main) await runMain(paritySchemaCommand);
