/**
 * A Vite plugin for `astro build`: marks the search dialog's code (src/search/ui.ts and what only it
 * imports) for eager compilation with V8's `//# allFunctionsCalledOnLoad` comment. Every function in that
 * chunk runs for the first query; without the hint, Chromium compiles each one on the page's main thread when
 * it is first called, in the middle of a cold search, while Pagefind's worker is starting. With it, they are
 * compiled on a background thread as the file arrives (docs/benchmarks.md, "eager compilation of the dialog").
 * Browsers without the hint read it as a comment.
 */
import type { Plugin } from 'vite';

export const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/** Modules whose chunks get the hint: entry points of code that runs in full as soon as it loads. */
const EAGER_MODULES = [/[\\/]src[\\/]search[\\/]ui\.ts$/];

export function eagerCompileHint(modules: RegExp[] = EAGER_MODULES): Plugin {
  return {
    name: 'paritybook:eager-compile-hint',
    apply: 'build',
    // After minification, which drops comments; V8 reads the hint only as the file's first line. The file's name
    // keeps the hash of the code without it, which is still one name for one content: every build adds the same line.
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.facadeModuleId) continue;
        if (!modules.some((pattern) => pattern.test(chunk.facadeModuleId!))) continue;
        if (!chunk.code.startsWith(EAGER_COMPILE_HINT)) chunk.code = `${EAGER_COMPILE_HINT}\n${chunk.code}`;
      }
    },
  };
}
