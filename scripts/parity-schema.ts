/** Writes examples/parity.schema.json from the zod schema (a unit test fails when it is out of date). */
import { writeFileSync } from 'node:fs';
import { contractJsonText } from '../src/parity/contract.ts';

writeFileSync(new URL('../examples/parity.schema.json', import.meta.url), contractJsonText());
process.stderr.write('wrote examples/parity.schema.json\n');
