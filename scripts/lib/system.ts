/**
 * Finds (and, as root with apt, installs) the system programs the tests and the demo need:
 * Chromium for browser tests, nginx as the CDN, Python with FastAPI and uvicorn for demo environments,
 * and strace to stop a build at an exact point in the build fault tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Requirement {
  name: string;
  /** Debian packages that provide it. */
  packages: string[];
  present: () => boolean;
  /** What stops working without it. */
  neededFor: string;
}

const pythonHas = (modules: string) =>
  spawnSync('/usr/bin/python3', ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0;

export const chromiumPath = () => process.env.PARITYBOOK_CHROMIUM ?? '/usr/bin/chromium';

/** Chromium flags that keep a headless browser off the network on a closed machine. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const REQUIREMENTS: Record<'chromium' | 'nginx' | 'fastapi' | 'strace', Requirement> = {
  chromium: {
    name: 'Chromium',
    packages: ['chromium'],
    present: () => existsSync(chromiumPath()),
    neededFor: 'browser (end-to-end) tests',
  },
  nginx: {
    name: 'nginx',
    packages: ['nginx-light'],
    present: () => existsSync('/usr/sbin/nginx'),
    neededFor: 'CDN and parity integration tests',
  },
  fastapi: {
    name: 'Python FastAPI and uvicorn',
    packages: ['python3-fastapi', 'python3-uvicorn'],
    present: () => existsSync('/usr/bin/python3') && pythonHas('fastapi, uvicorn'),
    neededFor: 'demo environments and parity integration tests',
  },
  strace: {
    name: 'strace',
    packages: ['strace'],
    present: () => existsSync('/usr/bin/strace'),
    neededFor: 'the build fault tests (a build held between the renames of its swap)',
  },
};

const canApt = () => process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');

/** Installs what is missing where it can; returns the requirements still missing. */
export function ensureSystem(wanted: (keyof typeof REQUIREMENTS)[], log: (line: string) => void): Requirement[] {
  const missing = wanted.map((key) => REQUIREMENTS[key]).filter((requirement) => !requirement.present());
  if (missing.length === 0) return [];
  const packages = missing.flatMap((requirement) => requirement.packages);
  if (canApt()) {
    log(`Installing ${packages.join(', ')} with apt-get (needed for ${missing.map((m) => m.neededFor).join('; ')})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env,
      });
    } catch (error) {
      log(`apt-get failed: ${(error as Error).message}`);
    }
  }
  const still = missing.filter((requirement) => !requirement.present());
  for (const requirement of still) {
    log(
      `Missing ${requirement.name} (Debian: ${requirement.packages.join(' ')}), needed for ${requirement.neededFor}. ` +
        (canApt()
          ? 'apt-get could not install it.'
          : `Install it with: sudo apt-get install ${requirement.packages.join(' ')}`),
    );
  }
  return still;
}
