/**
 * The phone menu: the header's button opens and closes the site navigation as a panel. Escape or
 * following a link closes it, and focus returns to the button. Without JavaScript the button stays
 * hidden and the navigation follows the page content.
 */
export function wireMenu(): void {
  const button = document.querySelector<HTMLButtonElement>('[data-menu-button]');
  const nav = document.querySelector<HTMLElement>('[data-site-nav]');
  if (!button || !nav) return;
  const setOpen = (open: boolean, { focus = false } = {}) => {
    button.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
    document.documentElement.classList.toggle('menu-open', open);
    if (open && focus)
      (nav.querySelector<HTMLElement>('a[aria-current]') ?? nav.querySelector<HTMLElement>('a'))?.focus();
  };
  button.hidden = false;
  button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true', { focus: true }));
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !nav.classList.contains('open')) return;
    setOpen(false);
    button.focus();
  });
  nav.addEventListener('click', (event) => {
    if ((event.target as Element).closest('a')) setOpen(false);
  });
}
