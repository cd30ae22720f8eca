/** What the fake search backends of the unit tests share: a matched page as Pagefind would return it. */
import type { BackendResult, ResultData } from '../../src/search/query.ts';

/** A result for `page` with its first 40 characters as excerpt; each fake says what meta and filters it sets. */
export const fakeResult = (
  page: { url: string; content: string },
  meta: ResultData['meta'],
  filters: ResultData['filters'],
): BackendResult => ({
  id: page.url,
  score: 1,
  data: async (): Promise<ResultData> => ({
    url: page.url,
    content: page.content,
    excerpt: page.content.slice(0, 40),
    meta,
    filters,
    sub_results: [],
  }),
});
