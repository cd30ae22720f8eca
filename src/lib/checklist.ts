import type { ChecklistItem } from '../schemas/checklist.ts';

export interface NormalisedItem {
  key: string;
  text: string;
  hint?: string;
}

/** Gives every item a stable key: its id, else a slug of its text. */
export function normaliseItems(items: ChecklistItem[]): NormalisedItem[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const text = typeof item === 'string' ? item : item.text;
    const base =
      (typeof item === 'string' ? undefined : item.id) ??
      (text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 48) ||
        'item');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return { key: count ? `${base}-${count + 1}` : base, text, hint: typeof item === 'string' ? undefined : item.hint };
  });
}

/** The progress of a checklist as Markdown task list, for pasting into the incident channel. */
export function progressMarkdown(title: string, items: { text: string; done: boolean }[], url?: string): string {
  const done = items.filter((item) => item.done).length;
  const header = `**${title}** (${done}/${items.length} done)${url ? ` ${url}` : ''}`;
  return [header, ...items.map((item) => `- [${item.done ? 'x' : ' '}] ${item.text}`)].join('\n');
}
