import type { ResolvedOptions } from '../integration.ts';

/** Options of the paritybook integration, injected at build time. */
export const site: ResolvedOptions = __PARITYBOOK_OPTIONS__;

/** Absolute path of a page, with the trailing slash the site uses. */
export function href(...segments: string[]): string {
  const joined = segments
    .flatMap((segment) => segment.split('/'))
    .filter(Boolean)
    .map(encodeURIComponent)
    .join('/');
  return joined ? `/${joined}/` : '/';
}
