// @ts-check
import { defineConfig } from 'astro/config';
import paritybook from './src/integration.ts';

export default defineConfig({
  site: process.env.PARITYBOOK_SITE ?? 'http://127.0.0.1:4321',
  // paritybook brings its parts along: MDX, the search index, delivery headers and the offline copy.
  integrations: [
    paritybook({
      title: 'paritybook',
      editUrl: process.env.PARITYBOOK_EDIT_URL ?? 'https://git.example.com/ops/runbooks/edit/main/',
    }),
  ],
  vite: { build: { assetsInlineLimit: 0 } },
  // Writes JSON Schemas of the collections into .astro/ on sync, which the Astro editor extension uses for
  // completion and validation in MDX frontmatter (docs/authoring.md, "Editor support").
  experimental: { contentIntellisense: true },
});
