/**
 * npm run new: a valid, prefilled note at the right path, so an author starts from something that passes.
 */
import { resolveContentDir } from '../src/collections.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readContent, type SourceFile } from '../src/content-check/read.ts';
import { validateSchemas } from '../src/content-check/validate.ts';
import { isoDay, reviewToday } from '../src/lib/review.ts';
import {
  COLLECTION_OF,
  fileNameFor,
  KINDS,
  readGitRange,
  ScaffoldError,
  slugify,
  TEMPLATES,
  type Kind,
  type TeamInfo,
} from './lib/scaffold.ts';
import { contentOption, defineCommand, runMain, UsageError, type CommandContext, type OptionSpecs } from './lib/cli.ts';

const OPTIONS = {
  service: {
    type: 'string',
    multiple: true,
    default: [],
    value: 'id',
    description: 'service the note is about; change notes need one',
  },
  owner: { type: 'string', value: 'team', description: 'owning team', defaultText: 'the owner of the first --service' },
  alert: { type: 'string', multiple: true, default: [], value: 'name', description: 'alert the runbook answers' },
  'from-git': {
    type: 'string',
    value: 'range',
    description:
      'change notes: files touched and commit subjects from git,\ne.g. main..HEAD, HEAD~3..HEAD or one commit id',
  },
  id: { type: 'string', value: 'id', description: 'file name / id', defaultText: 'from the title' },
  date: {
    type: 'string',
    value: 'YYYY-MM-DD',
    description: 'date of the change note, lastReviewed of a runbook',
    defaultText: 'today',
  },
  content: contentOption,
  json: { type: 'boolean', default: false, description: 'print {"path", "id", "kind"} as JSON' },
} satisfies OptionSpecs;

/** The file is there already: exit 1, nothing written. */
class ExistsError extends Error {}

const list = (values: Iterable<string>) => [...values].map((v) => JSON.stringify(v)).join(', ') || '(none yet)';

function parse({ values, positionals }: Pick<CommandContext<typeof OPTIONS>, 'values' | 'positionals'>) {
  const [kind, title, ...extra] = positionals;
  if (!kind) throw new UsageError(`say what to create: one of ${KINDS.join(', ')}`);
  if (!KINDS.includes(kind as Kind))
    throw new UsageError(`unknown kind ${JSON.stringify(kind)}: use one of ${KINDS.join(', ')}`);
  if (!title?.trim())
    throw new UsageError(`give the ${kind} a title in quotes, like npm run new -- ${kind} "Checkout queue backlog"`);
  if (extra.length > 0)
    throw new UsageError(`unexpected ${JSON.stringify(extra[0])}: quote the title if it has spaces`);
  if (values['from-git'] && kind !== 'change') throw new UsageError('--from-git is for change notes');
  if (values.alert.length > 0 && kind !== 'runbook') throw new UsageError('--alert is for runbooks');
  let today: string;
  try {
    today = isoDay(reviewToday(values.date ? { PARITYBOOK_TODAY: values.date } : process.env));
  } catch (error) {
    throw new UsageError(`--date: ${(error as Error).message.replace('PARITYBOOK_TODAY', 'the date')}`, {
      cause: error,
    });
  }
  const id = values.id ?? slugify(title);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) {
    throw new UsageError(
      `cannot make an id from ${JSON.stringify(values.id ?? title)}: pass --id with lower-case letters, digits and dashes`,
    );
  }
  return { kind: kind as Kind, title: title.trim().replace(/\s+/g, ' '), id, today, values };
}

type Options = ReturnType<typeof parse>;

async function create(options: Options): Promise<{ file: string; id: string }> {
  const contentDir = resolveContentDir(process.cwd(), options.values.content);
  const files = await readContent(contentDir, process.cwd());
  const { valid } = validateSchemas(files);
  const byCollection = (collection: string) =>
    new Map([...valid].filter(([f]) => f.collection === collection).map(([f, d]) => [f.id, d]));
  const teams = byCollection('teams') as Map<string, TeamInfo>;
  const services = byCollection('services') as Map<string, { owner: string }>;
  const checklists = [...byCollection('checklists').keys()];
  const { kind, values } = options;

  for (const service of values.service) {
    if (!services.has(service))
      throw new UsageError(`--service ${service}: no such service; known: ${list(services.keys())}`);
  }
  if (kind === 'change' && values.service.length === 0) {
    throw new UsageError(
      `change notes name the service they change: add --service <id> (known: ${list(services.keys())})`,
    );
  }
  let owner: TeamInfo | undefined;
  if (kind !== 'team') {
    const ownerId =
      values.owner ?? services.get(values.service[0])?.owner ?? (teams.size === 1 ? [...teams.keys()][0] : undefined);
    if (!ownerId) throw new UsageError(`say which team owns it: add --owner <team> (known: ${list(teams.keys())})`);
    owner = teams.get(ownerId);
    if (!owner)
      throw new UsageError(
        `--owner ${ownerId}: no such team; known: ${list(teams.keys())} (create one with npm run new -- team "Name")`,
      );
  }

  const collection = COLLECTION_OF[kind];
  const fileName = fileNameFor(kind, options.id);
  const id = fileName.replace(/\.[a-z]+$/, '');
  const clash = files.find((f: SourceFile) => f.collection === collection && f.id === id);
  const target = path.join(contentDir, collection, fileName);
  const relative = path.relative(process.cwd(), target).replace(/\\/g, '/');
  if (clash)
    throw new ExistsError(`${clash.file} already exists: pick another title, or pass --id. Nothing was written.`);

  const git = values['from-git'] ? readGitRange(values['from-git'], process.cwd()) : undefined;
  const text = TEMPLATES[kind].render({
    kind,
    title: options.title,
    id,
    today: options.today,
    services: values.service,
    owner,
    alerts: values.alert,
    // The implementation checklist applies to every change; runbooks start without one.
    checklists: kind === 'change' && checklists.includes('implementation') ? ['implementation'] : [],
    git: git && { ...git, files: git.files.filter((file) => path.resolve(file) !== target) },
  });
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await writeFile(target, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new ExistsError(`${relative} already exists: pick another title, or pass --id. Nothing was written.`, {
        cause: error,
      });
    throw error;
  }
  return { file: relative, id };
}

export const newCommand = defineCommand({
  name: 'new',
  summary: `Writes a prefilled ${KINDS.join(' | ')} under content/, prints its path,
and never overwrites a file. Fill in the TODOs, then run npm run check.`,
  positionals: { label: '<kind> "<title>"', description: `what to write (${KINDS.join(', ')}) and its title` },
  options: OPTIONS,
  exitCodes: { 0: 'written', 1: 'the file already exists', 2: 'usage error' },
  notes: `Examples:
  npm run new -- runbook "Checkout queue backlog" --service checkout-api --alert CheckoutQueueBacklog
  npm run new -- change "Raise the upload limit to 25 MiB" --service media-api --from-git main..HEAD`,
  errors: [
    { type: ExistsError, exitCode: 1 },
    { type: ScaffoldError, exitCode: 2 },
  ],
  async run(context) {
    const options = parse(context);
    const { file, id } = await create(options);
    process.stdout.write(
      options.values.json ? `${JSON.stringify({ path: file, id, kind: options.kind })}\n` : `${file}\n`,
    );
    context.log(`Created ${options.kind} ${file}. Fill in the TODOs, then run: npm run check`);
  },
});

if (import.meta.main) await runMain(newCommand);
