/**
 * Publishes dist/ into a folder served by a web server (nginx with dist/nginx-paritybook.conf):
 * hashed assets first, HTML last, each file renamed into place, keeping the hashed assets of the
 * previous deploys. See docs/deployment.md, "Building and deploying".
 */
import { parseArgs } from 'node:util';
import { deploy, DeployError } from '../src/delivery/deploy.ts';

const HELP = `Usage: npm run deploy -- --target <dir> [--keep N] [--from dist] [--dry-run] [--json]

Publishes a build into <dir> without ever serving a page whose assets are missing:
hashed assets, then other files, then HTML, then the service worker; each file is
written beside its place and renamed in. Hashed assets of the previous N deploys stay.

  --target <dir>  web root to publish into (created if missing)
  --keep <N>      previous deploys whose hashed assets stay published (default 3)
  --from <dir>    build to publish (default dist)
  --dry-run       say what would change, change nothing
  --json          print the result as JSON on stdout
  --help          show this help`;

const log = (line: string) => process.stderr.write(`[deploy] ${line}\n`);

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        target: { type: 'string' },
        keep: { type: 'string', default: '3' },
        from: { type: 'string', default: 'dist' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    log(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.target) {
    log(`--target is required\n\n${HELP}`);
    return 2;
  }
  const keep = Number(values.keep);
  try {
    const result = await deploy({
      source: values.from,
      target: values.target,
      keep,
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
    return 0;
  } catch (error) {
    if (error instanceof DeployError) {
      log(`failed: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
