/**
 * Browser side of the offline copy: registers /sw.js (production builds only) and shows
 * "Offline copy from <time>" while the page comes from the copy or the network is gone.
 * Fails quietly: the site reads the same without a service worker.
 */

const format = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(undefined, {
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(date);
};

function show(status: HTMLElement, builtAt: string, savedAt?: string) {
  const time = document.createElement('time');
  time.dateTime = builtAt;
  time.textContent = format(builtAt);
  status.replaceChildren('Offline copy from ', time);
  status.title = savedAt
    ? `Saved on this device ${format(savedAt)}. Reload when the network is back for the latest version.`
    : 'Reload when the network is back for the latest version.';
  status.hidden = false;
}

/** Asks the active service worker which copy it holds. */
function copyStatus(): Promise<{ builtAt: string; savedAt: string } | null> {
  const controller = navigator.serviceWorker?.controller;
  if (!controller) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 2000);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    controller.postMessage({ type: 'paritybook:status' }, [channel.port2]);
  });
}

export function startOffline(status: HTMLElement): void {
  const root = document.documentElement;
  const servedFromCopy = root.dataset.paritybookOffline;
  if (servedFromCopy) show(status, servedFromCopy, root.dataset.paritybookSaved);

  const update = async () => {
    if (navigator.onLine) {
      if (!servedFromCopy) status.hidden = true;
      return;
    }
    const copy = await copyStatus();
    if (copy) show(status, copy.builtAt, copy.savedAt);
  };
  addEventListener('offline', update);
  addEventListener('online', update);
  if (!navigator.onLine) void update();

  const script = status.dataset.serviceWorker;
  if (!import.meta.env.PROD || !script || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker
      .register(script, { scope: '/', updateViaCache: 'none' })
      .then((registration) => {
        status.dataset.serviceWorkerState = 'registered';
        keepUpdating(registration, status);
      })
      .catch(() => (status.dataset.serviceWorkerState = 'failed'));
  };
  // After load, so storing the copy never competes with the page the reader asked for.
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}

/** Seconds after which a failed update is tried again while the page stays open. */
const RETRY_AFTER_S = [15, 30, 60, 120];

/**
 * Every online visit asks for a new build at once: the browser's own check after a navigation waits until the
 * worker is idle, and a page that keeps it busy (search loading, a reader clicking through) could put the copy of
 * a new build off for long. An update that fails is tried again a little later: the new worker refuses a copy
 * whose files are not all of its build (a deploy still rolling out through the CDN), and a connection can drop.
 */
function keepUpdating(registration: ServiceWorkerRegistration, status: HTMLElement): void {
  let attempt = 0;
  const retry = () => {
    const seconds = RETRY_AFTER_S[attempt++];
    if (seconds === undefined) return;
    // For whoever looks into why the copy stays on an older build (and for the tests).
    status.dataset.serviceWorkerRetries = String(attempt);
    setTimeout(update, seconds * 1000);
  };
  const update = () => {
    if (!navigator.onLine) return;
    registration.update().catch(retry);
  };
  const watched = new WeakSet<ServiceWorker>();
  const watch = (installing: ServiceWorker | null) => {
    if (!installing || watched.has(installing)) return;
    watched.add(installing);
    let activated = false;
    installing.addEventListener('statechange', () => {
      if (installing.state === 'activated') activated = true;
      // Redundant before it ever took over: its install failed.
      if (installing.state === 'redundant' && !activated) retry();
    });
  };
  registration.addEventListener('updatefound', () => watch(registration.installing));
  // The browser's own check may have found the new build before this page registered.
  watch(registration.installing);
  update();
}
