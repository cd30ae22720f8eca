import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { z } from 'astro/zod';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { resolveContentDir } from './collections.ts';
import { assertValidContent, ContentError, formatProblem } from './content-check/index.ts';
import { deliveryIntegration } from './delivery/integration.ts';
import { deliveryOptionsSchema } from './delivery/options.ts';
import { splitContentStore } from './lib/split-content-store.ts';
import { scrollableTables } from './markdown/scrollable-tables.ts';
import { taskListLabels } from './markdown/task-list-labels.ts';
import searchIntegration, { searchOptionsSchema } from './search/integration.ts';

/** Options of the paritybook integration, set in astro.config.mjs. */
export const optionsSchema = z
  .object({
    /**
     * Site title shown in the header and the page title.
     * @example "Acme runbooks"
     */
    title: z.string().min(1).default('paritybook'),
    /**
     * Base URL for "edit this page" links; the file's path inside the repository is appended.
     * @example "https://github.com/acme/runbooks/edit/main/"
     */
    editUrl: z.url().optional(),
    /**
     * How the built site is delivered: cache classes and security headers (emitted as
     * `dist/_headers` and `dist/nginx-paritybook.conf`) and the offline copy (`dist/sw.js`).
     * See docs/deployment.md, "Delivery headers".
     * @example { edgeTtl: 60, offline: { budgetBytes: 10485760 } }
     */
    delivery: deliveryOptionsSchema.prefault({}),
    /**
     * Search index settings. See docs/search.md.
     * @example { excludeSelectors: [".incident-timeline"] }
     */
    search: searchOptionsSchema.prefault({}),
  })
  .strict();

export type ParitybookOptions = z.input<typeof optionsSchema>;

/**
 * Settings a project keeps in the `paritybook` field of its package.json, so the site's public
 * address and its edit links are configuration, not code. `PARITYBOOK_SITE` and
 * `PARITYBOOK_EDIT_URL` override them (CI sets the address of the deployment it builds for).
 */
export const packageSettingsSchema = z
  .object({
    /**
     * Public address of the built site, for canonical URLs and alert `runbook_url` checks.
     * @example "https://runbooks.example.org/"
     */
    site: z.url().optional(),
    /**
     * Base URL of "Edit this page" links; the note's path is appended. Without it, pages name the source file.
     * @example "https://github.com/acme/runbooks/edit/main/"
     */
    editUrl: z.url().optional(),
    /**
     * Site title shown in the header and the page title.
     * @example "Acme runbooks"
     */
    title: z.string().min(1).optional(),
    /**
     * Folder of the knowledge base, when it is not `content` (read by resolveContentDir in src/collections.ts).
     * @example "kb"
     */
    contentDir: z.string().min(1).optional(),
  })
  .strict();

export type PackageSettings = z.infer<typeof packageSettingsSchema>;

/**
 * Reads the `paritybook` field of the project's package.json, with the environment's overrides.
 * A wrong value stops the build naming the field and the fix.
 */
export function packageSettings(root: URL, env: NodeJS.ProcessEnv = process.env): PackageSettings {
  const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { paritybook?: unknown };
  const parsed = packageSettingsSchema.safeParse({
    ...(manifest.paritybook ?? {}),
    ...(env.PARITYBOOK_SITE ? { site: env.PARITYBOOK_SITE } : {}),
    ...(env.PARITYBOOK_EDIT_URL ? { editUrl: env.PARITYBOOK_EDIT_URL } : {}),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) =>
        `  ${['paritybook', ...issue.path].join('.')}: ${issue.message}${issue.code === 'unrecognized_keys' ? ' (known: site, editUrl, title, contentDir)' : ''}`,
    );
    throw new Error(
      `Invalid "paritybook" settings in package.json (or PARITYBOOK_SITE / PARITYBOOK_EDIT_URL):\n${lines.join('\n')}`,
    );
  }
  return parsed.data;
}
export type ResolvedOptions = z.infer<typeof optionsSchema>;

/**
 * Pages Astro renders at a time. Rendering a page is quick; writing it, and keeping a copy for the next
 * incremental build, waits on the disk. At 5,000 notes the render phase took 47 s one at a time and 31 s eight
 * at a time (cold), 17 s and 11 s when most pages are copied from the previous build.
 */
export const PAGES_AT_ONCE = 8;

/** Identity helper that gives types to the options in astro.config.mjs. */
export const defineParitybookConfig = (options: ParitybookOptions) => options;

/**
 * The one integration a site adds to astro.config.mjs. It brings its parts along: MDX for the notes,
 * the settings the delivery policy relies on, the content check before rendering, the search index
 * after it, and the delivery headers and offline copy last of all.
 */
export default function paritybook(userOptions: ParitybookOptions = {}): AstroIntegration {
  const parsed = optionsSchema.safeParse(userOptions);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  paritybook(${issue.path.join('.')}): ${issue.message}`);
    throw new Error(`Invalid paritybook options in astro.config.mjs:\n${lines.join('\n')}`);
  }
  const options = parsed.data;
  return {
    name: 'paritybook',
    hooks: {
      'astro:config:setup': async ({ config, command, logger, updateConfig }) => {
        const root = fileURLToPath(config.root);
        updateConfig({
          trailingSlash: 'always',
          // Pages are written (and, for the incremental build, copied from the previous build) several at a time:
          // one at a time, the render phase waits on the disk for most of its time (docs/benchmarks.md).
          build: { format: 'directory', inlineStylesheets: 'never', concurrency: PAGES_AT_ONCE },
          // The production CSP allows no inline script or style: highlight code with classes (Prism), not inline
          // colours. Astro's built-in Rust Markdown engine renders GFM twice as fast as a unified/remark-gfm
          // pipeline (docs/benchmarks.md).
          markdown: {
            syntaxHighlight: 'prism',
            processor: satteri({ hastPlugins: [taskListLabels, scrollableTables] }),
          },
          devToolbar: { enabled: false },
          // Pages keyed in getStaticPaths() (notes, alerts, tags; src/lib/page-key.ts) are copied from the
          // previous build when their key and code are unchanged. `astro build --force` renders every page.
          experimental: { incrementalBuild: true },
          vite: {
            plugins: [splitContentStore()],
            define: { __PARITYBOOK_OPTIONS__: JSON.stringify(options) },
            build: {
              // Astro inlines small scripts (and Vite small assets) by default; the production CSP
              // (script-src 'self', see src/delivery/policy.ts) blocks inline scripts, so every
              // script ships as a file under /_astro/.
              assetsInlineLimit: 0,
              rolldownOptions: {
                // Every .mdx module carries Astro's "use astro:head-inject" directive; the bundler warns once per note,
                // which buries real warnings in a large knowledge base. The directive is handled by Astro, not lost.
                onwarn(
                  warning: { code?: string; message: string },
                  warn: (warning: { code?: string; message: string }) => void,
                ) {
                  if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject'))
                    return;
                  warn(warning);
                },
              },
            },
          },
        });
        // Added here, after every integration of astro.config.mjs: the index is built from the finished pages,
        // and the delivery step (headers, offline copy) runs last, once the index is in place.
        updateConfig({
          integrations: [
            ...(config.integrations.some((integration) => integration.name === '@astrojs/mdx')
              ? []
              : [mdx({ optimize: true })]),
            searchIntegration(options.search),
            deliveryIntegration(options.delivery),
          ],
        });
        if (command !== 'build') return;
        try {
          const warnings = await assertValidContent(resolveContentDir(root), root);
          for (const warning of warnings) logger.warn(formatProblem(warning));
        } catch (error) {
          if (error instanceof ContentError) {
            // Stop before Astro renders anything; a user error prints the list without a stack trace.
            throw new AstroError(
              error.message,
              'Fix each line above (file:line field), then build again. `npm run check` lists the same problems without building.',
            );
          }
          throw error;
        }
      },
    },
  };
}
