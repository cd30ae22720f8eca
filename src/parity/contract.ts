/** The `/__parity` contract as JSON Schema, generated from the zod schema so the two never disagree. */
import { z } from 'astro/zod';
import { parityDocumentSchema } from '../schemas/snapshot.ts';

export function contractJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(parityDocumentSchema, { target: 'draft-2020-12', io: 'input' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: 'https://paritybook.dev/schemas/parity-1.json',
    title: 'parity/1: what a service says about itself at GET /__parity',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

export const contractJsonText = () => `${JSON.stringify(contractJsonSchema(), null, 2)}\n`;
