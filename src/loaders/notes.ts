/**
 * Content loader for runbooks and change notes: Astro's glob loader, except that an MDX note
 * which is plain Markdown (most are: imported and generated notes use no components) is
 * rendered to HTML while content syncs, like a `.md` file, instead of becoming a JavaScript
 * module that the bundler compiles and the build loads. The bundle then holds only the notes
 * that use components, which at thousands of notes halves build time and memory
 * (docs/benchmarks.md, "Findings"). The rendered HTML is kept in Astro's content cache, so an unchanged note is
 * not rendered again on the next build.
 */
import { glob, type Loader, type LoaderContext } from 'astro/loaders';
import { plainMarkdown, sameAsMdx } from './plain-markdown.ts';

type StoreEntry = Parameters<LoaderContext['store']['set']>[0];

export function notes(options: { base: string }): Loader {
  const inner = glob({ pattern: '**/[^_]*.{md,mdx}', base: options.base });
  return {
    name: 'paritybook-notes',
    load: async (context) => {
      const pending: Promise<void>[] = [];
      // Pages never read a note's raw body (the content check reads the files itself), so the content cache
      // keeps only what renders: at ten thousand notes 108 MB instead of 150 to write, load and hold.
      const keep = ({ body: _body, ...entry }: StoreEntry) => context.store.set(entry);
      const renderAsMarkdown = async (entry: StoreEntry, fences: number) => {
        const rendered = await context.renderMarkdown(entry.body!);
        if (sameAsMdx({ fences }, rendered.html)) {
          const { deferredRender: _deferred, ...rest } = entry;
          keep({ ...rest, rendered, assetImports: rendered.metadata?.imagePaths });
        } else {
          keep(entry);
        }
      };
      const store: LoaderContext['store'] = {
        ...context.store,
        set: (entry) => {
          const plain =
            entry.deferredRender && entry.filePath?.endsWith('.mdx') && entry.body !== undefined
              ? plainMarkdown(entry.body)
              : undefined;
          if (!plain) return keep(entry);
          // An entry that fails to render as Markdown is left to the MDX compiler, which reports it.
          pending.push(renderAsMarkdown(entry, plain.fences).catch(() => void keep(entry)));
          return true;
        },
      };
      await inner.load({ ...context, store });
      await Promise.all(pending);
    },
  };
}
