import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIR = path.join(ROOT, '.github', 'workflows');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: Step[]; needs?: string; container?: string }>;
}

const load = (name: string) => parse(readFileSync(path.join(DIR, name), 'utf8')) as Workflow;
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);
const runs = (workflow: Workflow) =>
  steps(workflow)
    .map((step) => step.run ?? '')
    .join('\n');

describe('GitHub workflows', () => {
  it('check, build, test and upload a preview on pull requests', () => {
    const pr = load('pr.yml');
    expect(Object.keys(pr.on)).toContain('pull_request');
    const commands = runs(pr);
    for (const command of ['npm ci', 'npm run check', 'npm run schemas -- --check', 'npm test'])
      expect(commands).toContain(command);
    const upload = steps(pr).find(
      (step) => step.uses?.startsWith('actions/upload-artifact@') && step.with?.path === 'dist/',
    );
    expect(upload?.with?.name).toMatch(/^site-preview-/);
    expect(pr.jobs['build-and-test'].needs).toBe('check');
  });

  it('snapshot, build and deploy on main, to each documented host', () => {
    const deploy = load('deploy.yml');
    expect(deploy.on.push).toEqual({ branches: ['main'] });
    const commands = runs(deploy);
    expect(commands.indexOf('npm run snapshot')).toBeLessThan(commands.indexOf('npm run build'));
    const targets = steps(deploy)
      .map((step) => /vars\.DEPLOY_TARGET == '([a-z0-9-]+)'/.exec(step.if ?? '')?.[1])
      .filter(Boolean);
    expect(new Set(targets)).toEqual(new Set(['netlify', 'cloudflare-pages', 's3-cloudfront', 'nginx']));
  });

  it('pass the live site as --previous on deploy, and republish parity every 15 minutes', () => {
    const deploy = runs(load('deploy.yml'));
    expect(deploy).toContain('npm run build -- --skip-snapshot --previous "${{ vars.SITE_URL }}"');
    const parity = load('parity.yml');
    expect((parity.on as unknown as { schedule: { cron: string }[] }).schedule).toEqual([{ cron: '*/15 * * * *' }]);
    expect(runs(parity)).toContain('npm run snapshot -- --previous "${{ vars.SITE_URL }}" --publish live');
  });

  it('take Node from .nvmrc, run only npm scripts that exist, and pin what npx runs', () => {
    const scripts = Object.keys(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
    for (const file of readdirSync(DIR).filter((f) => f.endsWith('.yml'))) {
      const workflow = load(file);
      for (const step of steps(workflow).filter((s) => s.uses?.startsWith('actions/setup-node@'))) {
        expect(step.with?.['node-version-file'], file).toBe('.nvmrc');
      }
      for (const [, script] of runs(workflow).matchAll(/npm run (?:--silent )?([a-z:]+)/g))
        expect(scripts, `${file}: npm run ${script}`).toContain(script);
      for (const [command] of runs(workflow).matchAll(/npx --yes \S+/g))
        expect(command, file).toMatch(/@\d+\.\d+\.\d+$/);
    }
  });
});
