// Runs before first paint (loaded as a blocking external script, so the CSP needs no inline script).
try {
  const saved = localStorage.getItem('paritybook:theme');
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
} catch {
  // Storage may be blocked; the OS preference still applies through CSS.
}
// Scripts run: the phone layout may hide the navigation behind the menu button.
document.documentElement.classList.add('js');
