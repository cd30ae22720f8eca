import { redactUrl } from '../parity/redact.ts';
import type { Service } from '../schemas/service.ts';
import { describeValue, type Problem } from './problem.ts';
import type { SourceFile } from './read.ts';

const ENVIRONMENT_FIX =
  'the URL without credentials, and the token in an environment variable named in tokenEnv (a service file and its history are read by everyone with the repository)';
const LINK_FIX = 'the URL without credentials (the service page links to it for every reader)';

/** Every URL and probe path of a service file, with its field path and the fix that fits it. */
function urlsOf(service: Service): { field: (string | number)[]; value: string; expected: string }[] {
  const urls: { field: (string | number)[]; value: string; expected: string }[] = [];
  for (const [name, environment] of Object.entries(service.environments)) {
    urls.push({ field: ['environments', name, 'url'], value: environment.url, expected: ENVIRONMENT_FIX });
    if (environment.originUrl)
      urls.push({
        field: ['environments', name, 'originUrl'],
        value: environment.originUrl,
        expected: ENVIRONMENT_FIX,
      });
  }
  const { routes, ...paths } = service.probe;
  for (const key of ['healthPath', 'cacheRoute', 'uploadRoute', 'metricsPath'] as const)
    urls.push({ field: ['probe', key], value: paths[key], expected: ENVIRONMENT_FIX });
  routes.forEach((route, index) =>
    urls.push({ field: ['probe', 'routes', index], value: route, expected: ENVIRONMENT_FIX }),
  );
  if (service.repo) urls.push({ field: ['repo'], value: service.repo, expected: LINK_FIX });
  service.links.forEach((link, index) =>
    urls.push({ field: ['links', index, 'url'], value: link.url, expected: LINK_FIX }),
  );
  return urls;
}

/**
 * Credentials written into a service file (`http://user:pass@host/`, `?token=`, `?sig=`): the site
 * never shows them, but the repository keeps them for good. A warning, since the service still works.
 */
export function checkServiceUrls(valid: Map<SourceFile, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const [file, data] of valid) {
    if (file.collection !== 'services') continue;
    for (const { field, value, expected } of urlsOf(data as Service)) {
      const redacted = redactUrl(value);
      if (redacted === value) continue;
      problems.push({
        file: file.file,
        line: file.lineOf(field),
        field: field.join('.'),
        rule: 'service-url-credentials',
        severity: 'warning',
        found: `a credential in the URL (${describeValue(redacted)})`,
        expected,
      });
    }
  }
  return problems;
}
