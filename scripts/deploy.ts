/**
 * Publishes dist/ into a folder served by a web server (nginx with dist/nginx-paritybook.conf):
 * hashed assets first, HTML last, each file renamed into place, keeping the hashed assets of the
 * previous deploys. See docs/deployment.md, "Building and deploying".
 */
import { deploy, DeployError } from '../src/delivery/deploy.ts';
import { defineCommand, runMain, UsageError, wholeNumber } from './lib/cli.ts';

export const deployCommand = defineCommand({
  name: 'deploy',
  usage: '--target <dir> [options]',
  summary: `Publishes a build into <dir> without ever serving a page whose assets are missing:
hashed assets, then other files, then HTML, then the service worker; each file is
written beside its place and renamed in. Hashed assets of the previous N deploys stay.`,
  options: {
    target: { type: 'string', value: 'dir', description: 'web root to publish into (created if missing)' },
    keep: {
      type: 'string',
      default: '3',
      value: 'N',
      description: 'previous deploys whose hashed assets stay published',
    },
    from: { type: 'string', default: 'dist', value: 'dir', description: 'build to publish' },
    'dry-run': { type: 'boolean', default: false, description: 'say what would change, change nothing' },
    json: { type: 'boolean', default: false, description: 'print the result as JSON on stdout' },
  },
  exitCodes: { 0: 'published', 1: 'the deploy failed', 2: 'usage error' },
  errors: [{ type: DeployError, exitCode: 1 }],
  unexpectedExitCode: 1,
  logPrefix: '[deploy]',
  async run({ values, log }) {
    if (!values.target) throw new UsageError('--target is required');
    const result = await deploy({
      source: values.from,
      target: values.target,
      keep: wholeNumber('keep', values.keep),
      dryRun: values['dry-run'],
      onProgress: log,
    });
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      const w = result.written;
      process.stdout.write(
        `${result.dryRun ? 'Would publish' : 'Published'} ${result.id} to ${values.target}: ` +
          `${w.hashed} hashed, ${w.other} other, ${w.html} HTML, ${w.serviceWorker} service worker file(s) written ` +
          `(${(result.bytesWritten / 1024).toFixed(1)} KiB), ${result.unchanged} unchanged, ${result.pruned.length} pruned, ` +
          `${result.keptFromPrevious} hashed file(s) of earlier deploys kept.\n`,
      );
    }
    if (result.nginxConfigChanged) log('nginx-paritybook.conf changed: apply it with "nginx -t && nginx -s reload"');
  },
});

if (import.meta.main) await runMain(deployCommand);
