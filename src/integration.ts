import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { z } from 'astro/zod';
import { assertValidContent, ContentError, formatProblem } from './content-check/index.ts';

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
     * Folder of the knowledge base, relative to the project root.
     * @example "content"
     */
    contentDir: z.string().default('content'),
  })
  .strict();

export type ParitybookOptions = z.input<typeof optionsSchema>;
export type ResolvedOptions = z.infer<typeof optionsSchema>;

/** Identity helper that gives types to the options in astro.config.mjs. */
export const defineParitybookConfig = (options: ParitybookOptions) => options;

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
        updateConfig({ vite: { define: { __PARITYBOOK_OPTIONS__: JSON.stringify(options) } } });
        if (command !== 'build') return;
        try {
          const warnings = await assertValidContent(path.resolve(root, process.env.PARITYBOOK_CONTENT_DIR || options.contentDir), root);
          for (const warning of warnings) logger.warn(formatProblem(warning));
        } catch (error) {
          if (error instanceof ContentError) {
            logger.error(error.message);
            // Stop before Astro renders anything, with the list above as the only message.
            throw new Error(`Content check failed: ${error.problems.filter((p) => p.severity === 'error').length} error(s), see above.`, { cause: error });
          }
          throw error;
        }
      },
    },
  };
}
