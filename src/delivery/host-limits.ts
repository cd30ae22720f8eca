/**
 * File-count limits of static hosts. A large knowledge base writes about two files per note (the
 * page and its search fragment), so a host's limit is reached long before its size limit.
 */

export interface HostFileLimit {
  host: string;
  /** Most files one deployment may have. */
  maxFiles: number;
  /** Where the number applies, as the host states it. */
  scope: string;
}

export const HOST_FILE_LIMITS: readonly HostFileLimit[] = [
  { host: 'Cloudflare Pages', maxFiles: 20_000, scope: 'per deployment on the Free plan' },
];

/** Share of a limit at which a deploy starts to say that the site is getting close. */
export const NEAR_LIMIT = 0.9;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Warnings for a build of `files` files: one per host whose limit it exceeds or comes within
 * 10 % of, each saying what to do. Empty when every host takes the build.
 */
export function fileLimitWarnings(files: number, limits: readonly HostFileLimit[] = HOST_FILE_LIMITS): string[] {
  const warnings: string[] = [];
  for (const limit of limits) {
    if (files > limit.maxFiles) {
      warnings.push(
        `this build has ${count(files)} files; ${limit.host} accepts at most ${count(limit.maxFiles)} ${limit.scope}, so uploading it there would fail. ` +
          `Serve it from a host without a file limit (nginx with nginx-paritybook.conf, an object store behind a CDN), ` +
          `or split the knowledge base into several sites of fewer notes (about two files per note).`,
      );
    } else if (files >= limit.maxFiles * NEAR_LIMIT) {
      warnings.push(
        `this build has ${count(files)} files, close to the ${count(limit.maxFiles)} ${limit.host} accepts ${limit.scope}; ` +
          `about ${count(Math.floor((limit.maxFiles - files) / 2))} more notes fit before uploads there fail.`,
      );
    }
  }
  return warnings;
}
