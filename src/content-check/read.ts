import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import * as jsYaml from 'js-yaml';
import { DEFAULT_SCHEMA, load as loadYaml, Type, YAMLException } from 'js-yaml';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { impossibleDate } from '../lib/calendar.ts';

import { COLLECTION_NAMES, COLLECTIONS, entryId, type CollectionName } from '../collections.ts';

export { entryId, type CollectionName };

/** A content file read from disk, its data parsed but not yet validated. */
export interface SourceFile {
  collection: CollectionName;
  /** Entry id as Astro's glob loader derives it: path inside the collection, no extension. */
  id: string;
  /** Path relative to the project root. */
  file: string;
  data: unknown;
  body: string;
  /** 1-based line of the body's first line in the file. */
  bodyLine: number;
  /** Finds the line of a dotted field path, falling back to the nearest parent. */
  lineOf(fieldPath: (string | number)[]): number | undefined;
  /** YAML syntax error, if the data could not be parsed. */
  syntaxError?: { line?: number; message: string };
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?(?:\n|$)/;

async function listFiles(dir: string, extensions: readonly string[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile() && extensions.includes(path.extname(entry.name)))
    .filter((entry) => !entry.name.startsWith('_'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

// js-yaml exports its built-in types at run time; @types/js-yaml does not declare them.
const { timestamp } = (jsYaml as unknown as { types: { timestamp: Type } }).types;

/**
 * js-yaml's timestamps, except that a date which is no day of the calendar stays text: YAML 1.1 rolls
 * `2026-13-45` over to 2027-02-14, and the schema then sees a valid date. As text it reaches the schema,
 * which says what is wrong with it. (The build reads the same files with Astro's loader, after this check.)
 */
const realTimestamp = new Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (text: string | null) => timestamp.resolve(text) && impossibleDate(text!) === undefined,
  construct: (text: string) => timestamp.construct(text),
  instanceOf: Date,
  represent: (date: object) => (date as Date).toISOString(),
});
const YAML_SCHEMA = DEFAULT_SCHEMA.extend({ implicit: [realTimestamp] });

/** A byte-order mark: some editors on Windows write one; Astro reads the frontmatter after it, and so do we. */
const BOM = '\uFEFF';

export function parseSource(collection: CollectionName, file: string, source: string, id: string): SourceFile {
  const frontmatter = COLLECTIONS[collection].body;
  const text = source.startsWith(BOM) ? source.slice(BOM.length) : source;
  let yamlText = text;
  let yamlStartLine = 1;
  let body = '';
  let bodyLine = 1;
  if (frontmatter) {
    const match = FRONTMATTER.exec(text);
    if (!match) {
      return {
        collection,
        id,
        file,
        data: undefined,
        body: text,
        bodyLine: 1,
        lineOf: () => 1,
        syntaxError: { line: 1, message: 'the file does not start with a "---" frontmatter block' },
      };
    }
    yamlText = match[1];
    yamlStartLine = 2;
    body = text.slice(match[0].length);
    bodyLine = match[0].split('\n').length;
  }
  // js-yaml reads the data as Astro does, and eight times faster than building a YAML document;
  // the document (with positions) is built only when a problem needs a line number.
  let data: unknown;
  let loadError: YAMLException | undefined;
  try {
    data = loadYaml(yamlText, { schema: YAML_SCHEMA }) ?? {};
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    loadError = error;
  }
  let positions: { document: ReturnType<typeof parseDocument>; toLine: (offset: number) => number } | undefined;
  const located = () => {
    if (!positions) {
      const lineCounter = new LineCounter();
      const document = parseDocument(yamlText, { lineCounter, prettyErrors: false });
      positions = { document, toLine: (offset) => lineCounter.linePos(offset).line + yamlStartLine - 1 };
    }
    return positions;
  };
  // Where a field that is not there yet belongs: the closing "---" of a frontmatter, the end of a data file.
  const endLine = yamlStartLine + yamlText.replace(/\r?\n$/, '').split('\n').length;
  const lineOf = (fieldPath: (string | number)[]): number | undefined => {
    const { document, toLine } = located();
    for (let depth = fieldPath.length; depth >= 0; depth--) {
      if (depth === 0 && fieldPath.length > 0) return endLine;
      const node = depth === 0 ? document.contents : document.getIn(fieldPath.slice(0, depth), true);
      const keyNode =
        depth > 0
          ? findKeyNode(
              document.getIn(fieldPath.slice(0, depth - 1), true) ?? (depth === 1 ? document.contents : undefined),
              fieldPath[depth - 1],
            )
          : undefined;
      const target = (keyNode ?? node) as YamlNode | undefined;
      if (target?.range) return toLine(target.range[0]);
    }
    return undefined;
  };
  if (loadError) {
    // The message and line come from the yaml package, whose wording the content check has always used.
    const { document, toLine } = located();
    const first = document.errors[0];
    return {
      collection,
      id,
      file,
      data: undefined,
      body,
      bodyLine,
      lineOf,
      syntaxError: first
        ? { line: toLine(first.pos[0]), message: first.message.split('\n')[0] }
        : { line: loadError.mark.line + yamlStartLine, message: loadError.reason },
    };
  }
  return { collection, id, file, data, body, bodyLine, lineOf };
}

function findKeyNode(parent: unknown, key: string | number): YamlNode | undefined {
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
    return pair?.key as YamlNode | undefined;
  }
  if (isSeq(parent) && typeof key === 'number') return parent.items[key] as YamlNode | undefined;
  return undefined;
}

/**
 * Reads every file of the given collections (all by default) under `contentDir`; paths are reported
 * relative to `rootDir`.
 */
export async function readContent(
  contentDir: string,
  rootDir: string,
  collections: readonly CollectionName[] = COLLECTION_NAMES,
): Promise<SourceFile[]> {
  const limit = pLimit(32);
  const perCollection = await Promise.all(
    collections.map(async (collection) => {
      const { extensions, folder } = COLLECTIONS[collection];
      const dir = path.join(contentDir, folder);
      const files = await listFiles(dir, extensions);
      return Promise.all(
        files.map((absolute) =>
          limit(async () => {
            const text = await readFile(absolute, 'utf8');
            const file = path.relative(rootDir, absolute).replace(/\\/g, '/');
            return parseSource(collection, file, text, entryId(path.relative(dir, absolute)));
          }),
        ),
      );
    }),
  );
  return perCollection.flat();
}
