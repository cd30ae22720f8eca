/** Reads the service files the snapshot needs, with the same friendly errors as the content check. */
import path from 'node:path';
import { readContent } from '../content-check/read.ts';
import { validateSchemas } from '../content-check/validate.ts';
import { formatProblem } from '../content-check/problem.ts';
import type { Service } from '../schemas/service.ts';
import { ParityConfigError } from './errors.ts';
import { readToken } from './redact.ts';

export async function loadServices(
  contentDir: string,
  root = path.dirname(path.resolve(contentDir)),
): Promise<Service[]> {
  // Only the service files: this runs while Astro syncs content, where reading every note would cost seconds.
  const files = await readContent(path.resolve(contentDir), root, ['services']);
  const { problems, valid } = validateSchemas(files);
  if (problems.length > 0) {
    throw new ParityConfigError(`invalid service file(s):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
  const services = [...valid.values()] as Service[];
  const ids = new Set<string>();
  for (const service of services) {
    if (ids.has(service.id)) throw new ParityConfigError(`two service files use the id ${JSON.stringify(service.id)}`);
    ids.add(service.id);
  }
  // Every process that knows the services knows their tokens, and scrubs them from all it writes.
  for (const service of services) {
    for (const environment of Object.values(service.environments)) {
      if (environment.tokenEnv) readToken(process.env, environment.tokenEnv);
    }
  }
  return services.sort((a, b) => a.id.localeCompare(b.id));
}
