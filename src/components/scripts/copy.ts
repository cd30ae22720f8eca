/** Copies text to the clipboard and says so on the button for a moment. */
export async function copyText(button: HTMLButtonElement, text: string): Promise<void> {
  const label = button.dataset.label ?? button.textContent ?? 'Copy';
  button.dataset.label = label;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    // Clipboard access can be denied (http, permissions): select the text so Ctrl-C works.
    const target = button.closest('[data-copy-root]')?.querySelector('code');
    if (target) getSelection()?.selectAllChildren(target);
    button.textContent = 'Press Ctrl-C';
  }
  setTimeout(() => (button.textContent = label), 1500);
}

/** Wires every `[data-copy]` button to copy the `code` inside its `[data-copy-root]`. */
export function wireCopyButtons(root: ParentNode = document): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy]:not([data-wired])')) {
    button.dataset.wired = '';
    button.hidden = false;
    button.addEventListener('click', () => {
      const code = button.closest('[data-copy-root]')?.querySelector('code')?.textContent ?? '';
      void copyText(button, code.trim());
    });
  }
}
