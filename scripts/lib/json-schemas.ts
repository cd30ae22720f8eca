/**
 * JSON Schemas of the frontmatter and data files, generated from the zod schemas in src/schemas/
 * (z.toJSONSchema), with each field's JSDoc and @example copied in, so editors show the same
 * documentation as the code while authors type.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'astro/zod';
import { format, resolveConfig } from 'prettier';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { COLLECTION_NAMES, specOf, type CollectionName } from '../../src/collections.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCHEMA_DIR = path.join(ROOT, 'src', 'schemas');

/** Output file per collection, relative to the project root. */
export const SCHEMA_FILES = Object.fromEntries(
  COLLECTION_NAMES.map((name) => [name, `schemas/${specOf(name).kind}.schema.json`]),
) as Record<CollectionName, string>;

interface Doc {
  description?: string;
  example?: unknown;
}

type JsonSchema = { [key: string]: unknown };

function docOf(node: ts.Node): Doc {
  const jsDoc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);
  if (!jsDoc) return {};
  const text = (value: ts.JSDoc['comment']) =>
    (typeof value === 'string' ? value : (ts.getTextOfJSDocComment(value) ?? '')).trim();
  const doc: Doc = {};
  const description = text(jsDoc.comment).replace(/\s*\n\s*/g, ' ');
  if (description) doc.description = description;
  const example = jsDoc.tags?.find((tag) => tag.tagName.text === 'example');
  if (example) {
    const raw = text(example.comment);
    try {
      doc.example = parseYaml(raw);
    } catch {
      doc.example = raw;
    }
  }
  return doc;
}

/**
 * JSDoc of every property of every object literal in src/schemas/, keyed by the object's sorted
 * key list (which identifies a z.object shape), plus the JSDoc of each exported schema constant.
 */
export function readSchemaDocs(): { shapes: Map<string, Record<string, Doc>>; exports: Map<string, Doc> } {
  const shapes = new Map<string, Record<string, Doc>>();
  const exports = new Map<string, Doc>();
  for (const name of readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const source = ts.createSourceFile(
      name,
      readFileSync(path.join(SCHEMA_DIR, name), 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const visit = (node: ts.Node) => {
      if (ts.isVariableStatement(node)) {
        for (const declaration of node.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name)) exports.set(declaration.name.text, docOf(node));
        }
      }
      if (ts.isObjectLiteralExpression(node)) {
        const docs: Record<string, Doc> = {};
        const keys: string[] = [];
        for (const property of node.properties) {
          if (
            !ts.isPropertyAssignment(property) ||
            !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
          )
            continue;
          keys.push(property.name.text);
          docs[property.name.text] = docOf(property);
        }
        if (keys.length > 0) shapes.set([...keys].sort().join(','), docs);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { shapes, exports };
}

/** Adds descriptions and examples to every object schema whose keys match a documented shape. */
function annotate(schema: unknown, shapes: Map<string, Record<string, Doc>>): void {
  if (Array.isArray(schema)) return schema.forEach((item) => annotate(item, shapes));
  if (!schema || typeof schema !== 'object') return;
  const node = schema as JsonSchema;
  const properties = node.properties as Record<string, JsonSchema> | undefined;
  if (properties) {
    const docs = shapes.get(Object.keys(properties).sort().join(','));
    for (const [key, property] of Object.entries(properties)) {
      const doc = docs?.[key];
      if (doc?.description) property.description = doc.description;
      if (doc?.example !== undefined) property.examples = [doc.example];
    }
  }
  for (const value of Object.values(node)) annotate(value, shapes);
}

/** Lists written as one value (`services: checkout-api`) are fine too: see listOf in common.ts. */
function isListOf(zodSchema: z.core.$ZodType): boolean {
  const def = zodSchema._zod.def as { type: string; in?: z.core.$ZodType; out?: z.core.$ZodType };
  return def.type === 'pipe' && def.in?._zod.def.type === 'transform' && def.out?._zod.def.type === 'array';
}

function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def as { type: string; coerce?: boolean };
      if (def.type === 'date') {
        // YAML dates reach the editor as strings.
        Object.assign(jsonSchema, { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
      } else if (isListOf(zodSchema)) {
        const array = { ...jsonSchema };
        for (const key of Object.keys(jsonSchema)) delete (jsonSchema as JsonSchema)[key];
        Object.assign(jsonSchema, { anyOf: [array.items, array] });
      }
    },
  }) as JsonSchema;
}

/** Every schema file's content, keyed by its path relative to the project root, formatted as Prettier would. */
export async function generateSchemas(): Promise<Record<string, string>> {
  const { shapes, exports } = readSchemaDocs();
  const out: Record<string, string> = {};
  for (const [collection, file] of Object.entries(SCHEMA_FILES) as [CollectionName, string][]) {
    const { kind, schema } = specOf(collection);
    const json = toJsonSchema(schema);
    annotate(json, shapes);
    const { $schema, ...rest } = json;
    const document = {
      $schema,
      title: `paritybook ${kind}`,
      description:
        `${exports.get(`${kind}Schema`)?.description ?? ''} Generated from src/schemas/ by npm run schemas: do not edit.`.trim(),
      ...rest,
    };
    const absolute = path.join(ROOT, file);
    out[file] = await format(JSON.stringify(document), { ...(await resolveConfig(absolute)), filepath: absolute });
  }
  return out;
}
