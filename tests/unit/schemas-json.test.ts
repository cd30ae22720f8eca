import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readContent, type SourceFile } from '../../src/content-check/read.ts';
import { COLLECTIONS } from '../../src/collections.ts';
import { generateSchemas, ROOT, SCHEMA_FILES } from '../../scripts/lib/json-schemas.ts';
import { FIXTURES } from './check-fixtures.ts';

const generated = await generateSchemas();

/** The data as the editor's YAML language server reads it: YAML 1.2, so dates stay strings. */
function editorData(file: SourceFile): unknown {
  const text = readFileSync(path.join(ROOT, file.file), 'utf8');
  return parseYaml(/^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? text);
}
/**
 * Strict, so that a keyword or format this validator does not check fails here instead of passing
 * unnoticed; with the formats (uri, email, …) checked as the editor's YAML language server does.
 */
const ajv = addFormats(new Ajv({ allErrors: true, allowUnionTypes: true }));
// zod writes `.startsWith()` as this non-standard format next to a pattern that checks the same.
ajv.addFormat('starts_with', true);
const validators = Object.fromEntries(
  Object.entries(SCHEMA_FILES).map(([collection, file]) => [collection, ajv.compile(JSON.parse(generated[file]))]),
);

describe('editor JSON Schemas', () => {
  it('are in sync with the zod schemas (run npm run schemas when this fails)', () => {
    for (const [file, text] of Object.entries(generated)) {
      expect(readFileSync(path.join(ROOT, file), 'utf8'), file).toBe(text);
    }
  });

  it('carry the JSDoc of each field, with its example', () => {
    const runbook = JSON.parse(generated['schemas/runbook.schema.json']);
    expect(runbook.properties.severity).toMatchInlineSnapshot(`
      {
        "description": "How bad the situation usually is.",
        "enum": [
          "critical",
          "high",
          "medium",
          "low",
          "info",
        ],
        "examples": [
          "critical",
        ],
        "type": "string",
      }
    `);
    expect(runbook.required).toEqual(['title', 'summary', 'severity', 'owner', 'lastReviewed']);
  });

  it('accept the demo knowledge base and the test fixtures, as zod does', async () => {
    for (const contentDir of [path.join(ROOT, 'content'), path.join(FIXTURES, 'base', 'content')]) {
      for (const file of await readContent(contentDir, ROOT)) {
        const validate = validators[file.collection];
        expect(validate(editorData(file)), `${file.file}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    }
  });

  it('reject what zod rejects, on the same field', async () => {
    const files = await readContent(path.join(FIXTURES, 'cases', 'schema', 'fail', 'content'), ROOT);
    const validate = validators.runbooks;
    expect(validate(editorData(files[0]))).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toMatchInlineSnapshot(`
      [
        "/severity must be equal to one of the allowed values",
        "/lastReviewed must match pattern "^\\d{4}-\\d{2}-\\d{2}$"",
        "/reviewEvery must be > 0",
      ]
    `);
  });

  it('check formats, as zod does: a service URL without a scheme is rejected on that field', async () => {
    const service = (await readContent(path.join(ROOT, 'content'), ROOT)).find(
      (file) => file.collection === 'services',
    );
    const data = editorData(service!) as { environments: { staging: { url: string } } };
    data.environments.staging.url = 'staging.checkout.example.com';
    const validate = validators.services;
    expect(validate(data)).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([
      '/environments/staging/url must match format "uri"',
    ]);
    const zod = COLLECTIONS.services.schema.safeParse(data);
    expect(zod.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['environments.staging.url']);
  });

  it('are wired into the editor settings for every YAML collection', () => {
    const settings = JSON.parse(readFileSync(path.join(ROOT, '.vscode', 'settings.json'), 'utf8'));
    const mapped = settings['yaml.schemas'] as Record<string, string[]>;
    for (const collection of ['services', 'teams', 'checklists'] as const) {
      const file = `./${SCHEMA_FILES[collection]}`;
      expect(mapped[file], file).toContain(`content/${collection}/**/*.yaml`);
    }
  });
});
