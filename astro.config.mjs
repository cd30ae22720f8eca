// @ts-check
import { defineConfig } from 'astro/config';
import paritybook, { packageSettings } from './src/integration.ts';

// The public address, edit links and title come from the "paritybook" field of package.json
// (PARITYBOOK_SITE and PARITYBOOK_EDIT_URL override them); see docs/deployment.md.
const { site, editUrl, title = 'paritybook' } = packageSettings(new URL('./', import.meta.url));

export default defineConfig({
  site,
  // paritybook brings its parts along: MDX, the search index, delivery headers and the offline copy.
  integrations: [paritybook({ title, editUrl })],
  vite: { build: { assetsInlineLimit: 0 } },
  // Writes JSON Schemas of the collections into .astro/ on sync, which the Astro editor extension uses for
  // completion and validation in MDX frontmatter (docs/authoring.md, "Editor support").
  experimental: { contentIntellisense: true },
});
