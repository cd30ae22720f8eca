// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { taskListLabels } from './src/markdown/task-list-labels.ts';
import paritybook from './src/integration.ts';
import search from './src/search/integration.ts';

export default defineConfig({
  site: process.env.PARITYBOOK_SITE ?? 'http://127.0.0.1:4321',
  trailingSlash: 'always',
  // Astro's built-in Rust Markdown engine renders GFM (tables, task lists, strikethrough)
  // twice as fast as a unified/remark-gfm pipeline; see CONTRIBUTING.md, "Design choices".
  integrations: [
    paritybook({
      title: 'paritybook',
      editUrl: process.env.PARITYBOOK_EDIT_URL ?? 'https://git.example.com/ops/runbooks/edit/main/',
    }),
    mdx({ optimize: true }),
    // After mdx: indexes the built pages with Pagefind once every page is written.
    search(),
  ],
  build: { format: 'directory', inlineStylesheets: 'never' },
  // The production CSP allows no inline script or style: highlight code with classes (Prism), not inline colours,
  // and never inline small scripts into the HTML.
  markdown: { syntaxHighlight: 'prism', processor: satteri({ hastPlugins: [taskListLabels] }) },
  vite: { build: { assetsInlineLimit: 0 } },
  devToolbar: { enabled: false },
  // Writes JSON Schemas of the collections into .astro/ on sync, which the Astro editor extension uses for
  // completion and validation in MDX frontmatter (docs/authoring.md, "Editor support").
  experimental: { contentIntellisense: true },
});
