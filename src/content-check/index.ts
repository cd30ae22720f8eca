import path from 'node:path';
import { checkActiveContent } from './active-content.ts';
import { checkFileNames, findSymlinks } from './files.ts';
import { ContentError, type Problem } from './problem.ts';
import { readContent } from './read.ts';
import { validateReferences, validateSchemas } from './validate.ts';

export { ContentError, formatProblem, type Problem } from './problem.ts';
export { readContent, parseSource, type SourceFile, type CollectionName } from './read.ts';

/**
 * What the build checks before rendering anything: schemas and references, and everything it would otherwise
 * publish unsafely or lose without naming the file (symbolic links, script in bodies, file names, two files for
 * one page). Returns every problem, errors and warnings.
 */
export async function checkContent(contentDir: string, rootDir = path.dirname(contentDir)): Promise<Problem[]> {
  const files = await readContent(contentDir, rootDir);
  const { problems, valid } = validateSchemas(files);
  problems.push(
    ...validateReferences(files, valid),
    ...(await findSymlinks(contentDir, rootDir)),
    ...checkFileNames(files, contentDir, rootDir),
    ...checkActiveContent(files, valid),
  );
  return problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

/** Throws a ContentError listing every error, so a build stops before rendering anything. */
export async function assertValidContent(contentDir: string, rootDir?: string): Promise<Problem[]> {
  const problems = await checkContent(contentDir, rootDir);
  if (problems.some((p) => p.severity === 'error')) throw new ContentError(problems);
  return problems;
}

export {
  CHECKS,
  CheckUnavailableError,
  loadContext,
  runChecks,
  type Check,
  type CheckContext,
  type CheckOptions,
} from './checks.ts';
export { applyStrict, formatReport, githubAnnotations, jsonReport } from './report.ts';
export { reviewsOf, type DueNote } from './reviews.ts';
