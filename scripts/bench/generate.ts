/**
 * Seeded generator of a realistic knowledge base for benchmarks: teams, services with staging and
 * production, the two built-in checklists, and N notes (about 70 % runbooks, 30 % change notes)
 * that are valid against src/schemas. Bodies carry what on-call pages carry: GFM tables, task
 * lists, shell and Python blocks, pasted error strings and Prometheus alert names. About 10 % are
 * marked needs-review, like freshly imported or generated content.
 *
 * Bodies are Markdown (no `{`/`<` outside code), and as MDX about a quarter of them also use the
 * components authors reach for (Checklist, Callout, Command, Metric), as real notes do. The same
 * bodies build in the peer sites of ../shared/bench (bare Astro, Starlight), which get small
 * components of the same names (`PEER_COMPONENTS`), for side-by-side numbers.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { createRandom, type Random } from './random.ts';

export interface GenerateOptions {
  notes: number;
  seed: number;
  /** File extension of notes: MDX as authors write them, or plain Markdown (no components). Default mdx. */
  format?: 'mdx' | 'md';
  /** Share of notes marked needs-review. */
  needsReviewShare?: number;
  /** Share of MDX notes that use components (Checklist, Callout, Command, Metric). Default 0.25; none as .md. */
  componentShare?: number;
}

export interface GeneratedNote {
  kind: 'runbook' | 'change';
  /** Entry id (file name without extension). */
  id: string;
  /** Path inside the content folder. */
  file: string;
  /** Frontmatter as paritybook's schema reads it. */
  data: Record<string, unknown>;
  /** Frontmatter for the peer sites' schema (../shared/bench: service, owner, sevN, metric, ...). */
  peer: PeerFrontmatter;
  body: string;
  words: number;
  needsReview: boolean;
  /** Components the body uses, by name; empty for plain Markdown. */
  components: string[];
}

export interface PeerFrontmatter {
  title: string;
  description: string;
  service: string;
  owner: string;
  severity: 'sev1' | 'sev2' | 'sev3' | 'sev4';
  tags: string[];
  lastReviewed: string;
  expectedResult: string;
  rollback: string;
  metric: { name: string; unit: string; before: number; after: number };
}

export interface KnowledgeBase {
  teams: Record<string, unknown>[];
  services: Record<string, unknown>[];
  checklists: { id: string; data: Record<string, unknown> }[];
  notes: GeneratedNote[];
}

export interface KnowledgeBaseSummary {
  notes: number;
  runbooks: number;
  changes: number;
  needsReview: number;
  /** Notes whose body uses at least one component (MDX only). */
  notesWithComponents: number;
  services: number;
  teams: number;
  avgWords: number;
  minWords: number;
  maxWords: number;
  seed: number;
}

const TEAM_WORDS = [
  'payments',
  'platform',
  'identity',
  'data',
  'edge',
  'growth',
  'storage',
  'observability',
  'mobile',
  'search',
  'messaging',
  'billing',
  'logistics',
  'catalog',
  'fraud',
  'media',
  'ledger',
  'support',
  'compliance',
  'networking',
  'release',
  'ml',
  'partners',
  'pricing',
];
const DOMAINS = [
  'checkout',
  'orders',
  'ledger',
  'invoices',
  'refunds',
  'accounts',
  'sessions',
  'tokens',
  'catalog',
  'inventory',
  'pricing',
  'shipping',
  'tracking',
  'notifications',
  'webhooks',
  'media',
  'thumbnails',
  'search',
  'recommendations',
  'reviews',
  'fraud',
  'audit',
  'reports',
  'exports',
  'imports',
  'feeds',
  'payouts',
  'subscriptions',
  'coupons',
  'carts',
  'profiles',
  'consents',
  'geo',
  'quotes',
  'returns',
];
const KINDS = ['api', 'worker', 'db', 'gateway', 'cron', 'sync', 'cache', 'consumer'];
const GENERIC_ALERTS = [
  'KubePodCrashLooping',
  'KubePodNotReady',
  'KubeDeploymentReplicasMismatch',
  'KubeHpaMaxedOut',
  'KubeContainerOOMKilled',
  'PostgresReplicationLagHigh',
  'PostgresTooManyConnections',
  'RedisMaxClientsReached',
  'KafkaConsumerLagHigh',
  'NodeFilesystemAlmostOutOfSpace',
  'TargetDown',
  'CertificateExpiringSoon',
  'NginxBodySizeLimitExceeded',
  'CDNOrigin5xxHigh',
  'ProbeHttpFailure',
];
const ALERT_SUFFIXES = ['HighErrorRate', 'LatencyP99High', 'Down', 'SaturationHigh', 'QueueBacklog', 'Origin5xxHigh'];
const ERRORS = [
  {
    text: 'OOMKilled',
    alert: 'ContainerOOMKilled',
    cause: 'the container went over its memory limit after the working set grew',
    tag: 'memory',
  },
  {
    text: 'CrashLoopBackOff',
    alert: 'PodCrashLooping',
    cause: 'the process exits during start-up, usually on a missing secret or a failed migration',
    tag: 'kubernetes',
  },
  {
    text: 'psycopg2.OperationalError: could not connect to server: Connection refused',
    alert: 'DatabaseUnreachable',
    cause: 'the pool points at a primary that was failed over',
    tag: 'postgres',
  },
  {
    text: 'FATAL: remaining connection slots are reserved for non-replication superuser connections',
    alert: 'PostgresConnectionsExhausted',
    cause: 'batch jobs hold idle connections',
    tag: 'postgres',
  },
  {
    text: 'HTTP 502 Bad Gateway',
    alert: 'Upstream502High',
    cause: 'the proxy reached no ready upstream',
    tag: 'nginx',
  },
  {
    text: 'HTTP 504 Gateway Timeout',
    alert: 'Upstream504High',
    cause: 'a slow dependency held the request past the proxy timeout',
    tag: 'latency',
  },
  {
    text: '413 Request Entity Too Large',
    alert: 'BodySizeLimitExceeded',
    cause: 'client_max_body_size on the edge is lower than the application limit',
    tag: 'uploads',
  },
  {
    text: 'connect ECONNREFUSED 10.0.3.17:5432',
    alert: 'ConnectionRefused',
    cause: 'the sidecar restarted and the port was closed for a moment',
    tag: 'networking',
  },
  {
    text: 'redis.exceptions.ConnectionError: max number of clients reached',
    alert: 'RedisMaxClientsReached',
    cause: 'a deploy doubled the pods and every pod opens its own pool',
    tag: 'redis',
  },
  {
    text: 'x509: certificate has expired or is not yet valid',
    alert: 'CertificateExpired',
    cause: 'the renewal job failed quietly three weeks ago',
    tag: 'tls',
  },
  {
    text: 'java.lang.OutOfMemoryError: Java heap space',
    alert: 'JvmHeapExhausted',
    cause: 'the heap was sized for last quarter',
    tag: 'java',
  },
  {
    text: 'ImagePullBackOff',
    alert: 'ImagePullFailing',
    cause: 'the registry pull secret in the namespace rotated',
    tag: 'deploy',
  },
  {
    text: 'No space left on device',
    alert: 'DiskFull',
    cause: 'log rotation stopped and the volume filled',
    tag: 'disk',
  },
  {
    text: 'sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached',
    alert: 'DbPoolSaturated',
    cause: 'slow queries hold connections longer than the pool allows',
    tag: 'python',
  },
  {
    text: 'context deadline exceeded',
    alert: 'GrpcDeadlineExceeded',
    cause: 'the gRPC client timeout is shorter than the p99 of the callee',
    tag: 'go',
  },
  {
    text: 'NXDOMAIN',
    alert: 'DnsResolutionFailing',
    cause: 'a record was dropped during the zone migration',
    tag: 'dns',
  },
];
const METRICS = [
  { name: 'p95 latency', unit: 'ms', low: 180, high: 4200, better: 'lower' },
  { name: 'error rate', unit: '%', low: 0.5, high: 37, better: 'lower' },
  { name: 'pod restarts per hour', unit: 'restarts', low: 3, high: 120, better: 'lower' },
  { name: 'queue depth', unit: 'messages', low: 2000, high: 900000, better: 'lower' },
  { name: 'memory working set', unit: 'MiB', low: 700, high: 7800, better: 'lower' },
  { name: 'success rate', unit: '%', low: 61, high: 97, better: 'higher' },
  { name: 'cache hit ratio', unit: '%', low: 40, high: 90, better: 'higher' },
] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const PEER_SEVERITY = { critical: 'sev1', high: 'sev2', medium: 'sev3', low: 'sev4', info: 'sev4' } as const;
const TAGS = [
  'kubernetes',
  'postgres',
  'redis',
  'kafka',
  'nginx',
  'dns',
  'tls',
  'memory',
  'latency',
  'disk',
  'deploy',
  'rollback',
  'autoscaling',
  'cron',
  'queue',
  'cdn',
  'iam',
  'networking',
  'terraform',
  'helm',
  'capacity',
  'backup',
];
const NAMESPACES = ['prod', 'prod-eu', 'prod-us', 'payments', 'core', 'edge', 'data'];
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2', 'ap-southeast-2', 'eu-central-1'];
const CHECKS = [
  'the pod events',
  'the ingress access log',
  'the deploy history',
  'the connection pool dashboard',
  'node pressure conditions',
  'the HPA status',
  'replication lag',
  'the error budget burn rate',
  'the config map revision',
  'upstream health checks',
  'consumer group offsets',
  'the memory limits in the chart',
  'the CDN cache status header',
  'the certificate expiry date',
  'the feature flag audit log',
];
const FILLER = [
  'This usually starts within minutes of a release, so the deploy history is the first place to look.',
  'Roll replicas one at a time; restarting all of them at once drops capacity below the SLO floor.',
  'Customers notice quickly because checkout and login share this path.',
  'Post in the incident channel every ten minutes, even when nothing changed.',
  'The alert is noisy during the nightly batch window, so confirm that real traffic is affected before paging anyone else.',
  'Capture the logs before restarting anything: the evidence is gone afterwards.',
  'Dashboards lag the metrics backend by about a minute, which matters when you line up timestamps.',
  'Most past incidents of this kind came from configuration drift between staging and production, not from code.',
  'Write every command you run into the incident timeline so the review can replay it.',
  'A partial outage in one region can look global because clients retry against the other regions.',
  'Feature flags are not in the deploy log; check the flag audit log for changes around the start time.',
  'Scaling out buys time but hides the cause, so treat it as mitigation and keep digging.',
  'You need read access to the production cluster and the metrics backend for the steps below.',
  'When in doubt, take the rollback path: it is rehearsed every week and takes under five minutes.',
  'Compare staging with production on the parity page before assuming the code is at fault.',
  'If the symptom clears on its own, still open a ticket: intermittent faults come back at the worst time.',
];

/** Fixed reference day, so dates in notes do not depend on when the generator runs. */
const DAY0 = Date.UTC(2026, 10, 27);
const isoDay = (daysAgo: number) => new Date(DAY0 - daysAgo * 86_400_000).toISOString().slice(0, 10);
const pascal = (id: string) =>
  id
    .split('-')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
const capitalise = (text: string) => text[0].toUpperCase() + text.slice(1);
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '');
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

/** Team and service counts grow with the knowledge base, as in a real organisation. */
export function shapeFor(notes: number) {
  return {
    teams: clamp(Math.round(notes / 120), 6, 60),
    services: clamp(Math.round(notes / 20), 12, 500),
  };
}

interface ServiceInfo {
  id: string;
  owner: string;
  alerts: string[];
  namespace: string;
  region: string;
}

function makeTeams(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const word = TEAM_WORDS[i % TEAM_WORDS.length];
    const id = i < TEAM_WORDS.length ? word : `${word}-${Math.floor(i / TEAM_WORDS.length) + 1}`;
    return {
      id,
      name: capitalise(id.replace(/-/g, ' ')),
      description: `Owns the ${word} services and their on-call rotation.`,
      contact: { chat: `#${id}-oncall`, pager: `${id}-primary`, email: `${id}@example.com` },
    };
  });
}

function makeServices(count: number, teams: { id: string }[], random: Random): ServiceInfo[] {
  const services: ServiceInfo[] = [];
  for (let i = 0; i < count; i++) {
    const base = `${DOMAINS[i % DOMAINS.length]}-${KINDS[Math.floor(i / DOMAINS.length) % KINDS.length]}`;
    const round_ = Math.floor(i / (DOMAINS.length * KINDS.length));
    const id = round_ === 0 ? base : `${base}-${round_ + 1}`;
    const prefix = pascal(id);
    services.push({
      id,
      owner: teams[i % teams.length].id,
      alerts: random.sample(ALERT_SUFFIXES, 3).map((suffix) => `${prefix}${suffix}`),
      namespace: random.pick(NAMESPACES),
      region: random.pick(REGIONS),
    });
  }
  return services;
}

function serviceFile(service: ServiceInfo, index: number) {
  // Closed loopback ports: nothing is ever fetched from a generated service.
  return {
    id: service.id,
    name: capitalise(service.id.replace(/-/g, ' ')),
    owner: service.owner,
    repo: `https://git.example.com/${service.owner}/${service.id}`,
    description: `Serves ${service.id.split('-')[0]} for the ${service.owner} team.`,
    links: [{ title: 'Dashboard', url: `https://grafana.example.com/d/${service.id}` }],
    environments: {
      staging: { url: `http://127.0.0.1:9/${service.id}/staging` },
      production: { url: `http://127.0.0.1:9/${service.id}/production` },
    },
    probe: { timeoutMs: 1000 },
    expectedDrift: index % 3 === 0 ? [{ path: 'version.commit', reason: 'staging runs the release candidate' }] : [],
  };
}

const CHECKLISTS = [
  {
    id: 'implementation',
    data: {
      title: 'Implementation checklist',
      summary: 'Follow it for every change to a production service.',
      owner: 'platform',
      items: [
        { id: 'capture', text: 'Capture the current behaviour' },
        { id: 'backup', text: 'Create a safe backup' },
        { id: 'smallest', text: 'Test the smallest change' },
        { id: 'watch', text: 'Watch logs after release' },
        { id: 'note', text: 'Write the final note' },
      ],
      tags: ['release'],
    },
  },
  {
    id: 'security-hardening',
    data: {
      title: 'Security hardening checklist',
      summary: 'Permissions, secrets, headers, upload limits and logging.',
      owner: 'platform',
      items: ['Permissions', 'Secrets', 'Headers', 'Upload limits', 'Logging'],
      tags: ['security'],
    },
  },
];

function filler(random: Random, sentences: number) {
  return Array.from({ length: sentences }, () => random.pick(FILLER)).join(' ');
}

function padTo(body: string, target: number, random: Random) {
  const extra: string[] = [];
  let words = wordCount(body);
  while (words < target) {
    const sentence = random.pick(FILLER);
    extra.push(sentence);
    words += wordCount(sentence);
  }
  return extra.length ? `${body}\n\n### Notes from past incidents\n\n${extra.join(' ')}` : body;
}

function metricFor(random: Random) {
  const metric = random.pick(METRICS);
  const before = round(metric.low + random.next() * (metric.high - metric.low));
  const after =
    metric.better === 'lower'
      ? round(before * (0.05 + random.next() * 0.35))
      : round(Math.min(99.9, before + (100 - before) * (0.5 + random.next() * 0.45)));
  return { name: metric.name, unit: metric.unit, before, after, better: metric.better };
}

/**
 * The content check allows each alert in exactly one runbook (so /alerts/<name>/ is unambiguous):
 * hand out service-specific names first, shared cluster alerts once, a numbered name as the last resort.
 */
function allocateAlerts(
  service: ServiceInfo,
  primary: (typeof ERRORS)[number],
  random: Random,
  used: Set<string>,
): string[] {
  const prefix = pascal(service.id);
  const candidates = [
    `${prefix}${primary.alert}`,
    ...service.alerts,
    ...ALERT_SUFFIXES.map((suffix) => `${prefix}${suffix}`),
  ];
  let main = candidates.find((name) => !used.has(name));
  for (let k = 2; !main; k++) if (!used.has(`${prefix}${primary.alert}${k}`)) main = `${prefix}${primary.alert}${k}`;
  used.add(main);
  const alerts = [main];
  const shared = random.pick(GENERIC_ALERTS);
  if (random.chance(0.5) && !used.has(shared)) {
    used.add(shared);
    alerts.push(shared);
  }
  return alerts;
}

function makeRunbook(
  n: number,
  services: ServiceInfo[],
  random: Random,
  needsReview: boolean,
  used: Set<string>,
  format: string,
): GeneratedNote {
  const service = random.pick(services);
  const related = random.chance(0.3)
    ? [service, random.pick(services)].filter((s, i, all) => all.indexOf(s) === i)
    : [service];
  const errors = random.sample(ERRORS, random.int(2, 3));
  const primary = errors[0];
  const alerts = allocateAlerts(service, primary, random, used);
  const severity = random.pick(SEVERITIES);
  const metric = metricFor(random);
  const { namespace: ns, region } = service;
  const id = `${service.id}-${slug(primary.text)}-${String(n).padStart(5, '0')}`;
  const title = random.pick([
    `${service.id} returns ${primary.text.split(':')[0]}`,
    `${alerts[0]} fires for ${service.id}`,
    `${service.id}: ${primary.text.split(':')[0]} after a deploy`,
    `Recover ${service.id} from ${primary.text.split(':')[0]}`,
  ]);
  const summary = `${alerts[0]} means ${service.id} in ${region} is failing with ${primary.text.split(':')[0]}; usually ${primary.cause}.`;
  const rollback = `helm rollback ${service.id} -n ${ns} to the previous revision, then repeat the checks under Diagnosis.`;
  const expectedResult = `${metric.name} back to ${metric.after} ${metric.unit} within 15 minutes and no new ${primary.text.split(':')[0]} in the logs.`;
  const tags = [...new Set([primary.tag, ...errors.map((e) => e.tag), ...random.sample(TAGS, random.int(1, 2))])].slice(
    0,
    5,
  );
  const replicas = random.int(2, 24);
  const memory = random.pick([256, 512, 1024, 2048, 4096]);

  const table = [
    '| Check | Where | Healthy | Firing |',
    '| --- | --- | --- | --- |',
    ...Array.from(
      { length: random.int(3, 5) },
      () =>
        `| ${capitalise(random.pick(CHECKS))} | ${random.pick(['Grafana', 'kubectl', 'Loki', 'psql', 'CDN logs'])} | below ${random.int(1, 20)} % | above ${random.int(30, 95)} % for ${random.int(2, 15)} min |`,
    ),
  ].join('\n');
  const shell = [
    '```sh',
    `kubectl -n ${ns} get pods -l app=${service.id} -o wide`,
    `kubectl -n ${ns} logs deploy/${service.id} --since=30m | grep -c '${primary.text.split(':')[0].replace(/'/g, '')}'`,
    `kubectl -n ${ns} describe deploy/${service.id} | grep -A3 Limits`,
    `curl -s -o /dev/null -w '%{http_code} %{time_total}\\n' https://${service.id}.example.com/healthz`,
    '```',
  ].join('\n');
  const python = [
    '```python',
    'import time, urllib.request',
    `URL = "https://${service.id}.example.com/healthz"`,
    'codes = {}',
    `for _ in range(${random.int(20, 60)}):`,
    '    try:',
    '        with urllib.request.urlopen(URL, timeout=2) as response:',
    '            codes[response.status] = codes.get(response.status, 0) + 1',
    '    except Exception as error:',
    '        codes[str(error)] = codes.get(str(error), 0) + 1',
    '    time.sleep(0.5)',
    'print(codes)',
    '```',
  ].join('\n');
  const tasks = [
    '- [x] Acknowledge the page',
    `- [ ] ${capitalise(random.pick(['check', 'compare', 'inspect']))} ${random.pick(CHECKS)}`,
    `- [ ] Scale ${service.id} from ${replicas} to ${replicas * 2} replicas if ${metric.name} keeps rising`,
    `- [ ] Raise the memory limit from ${memory}Mi to ${memory * 2}Mi only if OOMKilled shows in the events`,
    '- [ ] Update the status page',
  ].join('\n');

  let body = [
    `## Meaning\n\n${alerts.map((a) => `\`${a}\``).join(' and ')} fired for **${service.id}** in \`${ns}\` (${region}). ${errors
      .map((e) => `The error \`${e.text}\` usually means ${e.cause}.`)
      .join(' ')} It often fires together with \`${random.pick(GENERIC_ALERTS)}\`. ${filler(random, 2)}`,
    `## Impact\n\n${metric.name} moves from its normal range to about ${metric.before} ${metric.unit}. ${filler(random, 2)}`,
    `## Diagnosis\n\n${capitalise(random.pick(CHECKS))} first, then ${random.pick(CHECKS)}.\n\n${table}\n\n${shell}\n\n${filler(random, 2)}`,
    `## Mitigation\n\n${tasks}\n\nIf the logs show \`${primary.text}\`, run this probe from a debug pod:\n\n${python}\n\n${filler(random, 2)}`,
    `## Rollback\n\n${rollback} ${filler(random, 1)}\n\n\`\`\`sh\nhelm history ${service.id} -n ${ns} --max 5\nhelm rollback ${service.id} -n ${ns}\n\`\`\``,
    `## Escalation\n\nPage the ${service.owner} rotation (\`${service.owner}-primary\`) if ${alerts[0]} still fires 15 minutes after mitigation. ${filler(random, 1)}`,
  ].join('\n\n');
  body = padTo(body, random.int(600, 860), random);

  const data = {
    title,
    summary,
    services: related.map((s) => s.id),
    alerts,
    severity,
    owner: service.owner,
    status: needsReview ? 'needs-review' : 'reviewed',
    lastReviewed: isoDay(random.int(1, 400)),
    reviewEvery: random.pick([30, 90, 90, 180]),
    tags,
    checklists: random.chance(0.3) ? ['implementation'] : [],
  };
  return assembleNote(
    { kind: 'runbook', id, format, service, metric },
    { data, body, needsReview },
    {
      title,
      description: summary,
      severity: PEER_SEVERITY[severity],
      tags,
      lastReviewed: data.lastReviewed,
      expectedResult,
      rollback,
    },
  );
}

function makeChange(
  n: number,
  services: ServiceInfo[],
  random: Random,
  needsReview: boolean,
  format: string,
): GeneratedNote {
  const service = random.pick(services);
  const error = random.pick(ERRORS);
  const metric = metricFor(random);
  const ns = service.namespace;
  const what = random.pick([
    `Raise the ${service.id} memory limit`,
    `Move ${service.id} to a larger connection pool`,
    `Add HSTS and a strict CSP to ${service.id}`,
    `Raise the upload limit of ${service.id} to 25 MiB`,
    `Pin ${service.id} to two availability zones`,
    `Rotate the ${service.id} database credentials`,
  ]);
  const id = `${slug(what)}-${String(n).padStart(5, '0')}`;
  const status = random.pick(['shipped', 'shipped', 'shipped', 'planned', 'rolled-back'] as const);
  const reason = `${error.text.split(':')[0]} on ${service.id}: ${error.cause}.`;
  const expectedResult = `${metric.name} goes from ${metric.before} to ${metric.after} ${metric.unit} and ${error.text.split(':')[0]} stops.`;
  const rollback = `Revert the pull request and run \`helm upgrade ${service.id} -n ${ns}\` again.`;
  const file = random.pick(['deploy/values.yaml', 'deploy/nginx.conf', 'app/settings.py', 'terraform/main.tf']);
  const date = isoDay(random.int(0, 700));
  const security = random.chance(0.4)
    ? random.sample(['permissions', 'secrets', 'headers', 'upload-limits', 'logging'] as const, 2).map((area) => ({
        area,
        item: `Reviewed ${area.replace('-', ' ')} of ${service.id} on production`,
        done: random.chance(0.7),
      }))
    : [];
  const results = [
    '| Metric | Before | After | Unit |',
    '| --- | ---: | ---: | --- |',
    `| ${metric.name} | ${metric.before} | ${metric.after} | ${metric.unit} |`,
    `| pod restarts per hour | ${random.int(5, 90)} | ${random.int(0, 4)} | restarts |`,
  ].join('\n');
  let body = [
    `## Context\n\n${reason} ${filler(random, 3)}`,
    `## What changed\n\n\`\`\`diff\n--- a/${file}\n+++ b/${file}\n-  limit: ${random.int(1, 8)}\n+  limit: ${random.int(9, 32)}\n\`\`\`\n\n${filler(random, 2)}`,
    `## Verification\n\n- [x] Captured the current behaviour\n- [x] Created a safe backup\n- [${status === 'shipped' ? 'x' : ' '}] Applied on staging, then production\n- [ ] Watched logs for 15 minutes after release\n\n${filler(random, 1)}`,
    `## Results\n\n${results}\n\n${filler(random, 2)}`,
  ].join('\n\n');
  body = padTo(body, random.int(400, 650), random);
  const data = {
    title: what,
    date,
    services: [service.id],
    owner: service.owner,
    reason,
    filesTouched: [file],
    commands: [`helm upgrade ${service.id} ./deploy -n ${ns}`, `kubectl -n ${ns} rollout status deploy/${service.id}`],
    metric: { name: metric.name, unit: metric.unit, before: metric.before, after: metric.after, better: metric.better },
    expectedResult,
    rollback,
    securityItems: security,
    status,
    links: { pr: `https://git.example.com/${service.owner}/${service.id}/pull/${random.int(10, 4000)}` },
    checklists: security.length ? ['implementation', 'security-hardening'] : ['implementation'],
    tags: [error.tag],
    reviewStatus: needsReview ? 'needs-review' : 'reviewed',
  };
  return assembleNote(
    { kind: 'change', id, format, service, metric },
    { data, body, needsReview },
    {
      title: what,
      description: reason,
      severity: 'sev4',
      tags: [error.tag],
      lastReviewed: date,
      expectedResult,
      rollback,
    },
  );
}

/** Which note this is, and the service and metric it is about. */
interface NoteOrigin {
  kind: GeneratedNote['kind'];
  id: string;
  format: string;
  service: ServiceInfo;
  metric: PeerFrontmatter['metric'];
}

/**
 * Builds a note without components (those are added later) from what its generator decided: the file path follows
 * from kind, id and format, the peer's service, owner and metric from the service and metric, the word count from the body.
 */
function assembleNote(
  { kind, id, format, service, metric }: NoteOrigin,
  { data, body, needsReview }: Pick<GeneratedNote, 'data' | 'body' | 'needsReview'>,
  peer: Omit<PeerFrontmatter, 'service' | 'owner' | 'metric'>,
): GeneratedNote {
  const { title, description, severity, tags, lastReviewed, expectedResult, rollback } = peer;
  return {
    kind,
    id,
    file: `${kind === 'runbook' ? 'runbooks' : 'changes'}/${id}.${format}`,
    data,
    peer: {
      title,
      description,
      service: service.id,
      owner: service.owner,
      severity,
      tags,
      lastReviewed,
      expectedResult,
      rollback,
      metric: { name: metric.name, unit: metric.unit, before: metric.before, after: metric.after },
    },
    body,
    words: wordCount(body),
    needsReview,
    components: [],
  };
}

/** The component blocks a note can carry, each built from the note's own frontmatter. */
const COMPONENT_BLOCKS: Record<string, (note: GeneratedNote, random: Random) => string> = {
  Callout: (note, random) => {
    const service = (note.data.services as string[])[0];
    const [type, title] = random.pick([
      ['warning', 'Do not restart every pod at once'],
      ['danger', 'Never purge the whole cache'],
      ['note', 'Dashboards lag by about a minute'],
    ] as const);
    return `<Callout type="${type}" title="${title}">\n\nWork on ${service} one replica at a time and watch the error rate between steps. ${random.pick(FILLER)}\n\n</Callout>`;
  },
  Command: (note, random) => {
    const service = (note.data.services as string[])[0];
    const [title, code] = random.pick([
      ['Roll back the last deploy', `kubectl rollout undo deploy/${service}`],
      ['Show recent restarts', `kubectl get pods -l app=${service} --sort-by=.status.startTime`],
      ['Check the release history', `helm history ${service} --max 5`],
    ] as const);
    return `<Command title="${title}" code="${code}" />`;
  },
  Checklist: (note, random) =>
    random.chance(0.5)
      ? '<Checklist use="implementation" />'
      : `<Checklist id="triage" title="Triage" items={["Acknowledge the page", "Check the dashboards of ${(note.data.services as string[])[0]}", "Post in the incident channel"]} />`,
  Metric: (note) => {
    const metric = note.peer.metric;
    return `<Metric name="${metric.name}" before={${metric.before}} after={${metric.after}} unit="${metric.unit}" />`;
  },
};

/**
 * Gives a share of the notes one to three components, in a section after the first one, the way
 * authors put a warning, the command to run and a checklist near the top of a runbook.
 */
function addComponents(notes: GeneratedNote[], random: Random, share: number) {
  const names = Object.keys(COMPONENT_BLOCKS);
  for (const note of notes) {
    if (!random.chance(share)) continue;
    const used = random.sample(names, random.int(1, 3));
    const blocks = used.map((name) => COMPONENT_BLOCKS[name](note, random)).join('\n\n');
    const cut = note.body.indexOf('\n\n## ');
    const section = `## Before you start\n\n${blocks}`;
    note.body =
      cut === -1 ? `${note.body}\n\n${section}` : `${note.body.slice(0, cut)}\n\n${section}${note.body.slice(cut)}`;
    note.components = used;
  }
}

/**
 * Components of the same names for the peer sites: plain markup with no script, at least as
 * cheap as paritybook's, so a side-by-side build costs each site what MDX components cost it.
 */
export const PEER_COMPONENTS: Record<string, string> = {
  'Callout.astro': `---\nconst { type = 'note', title } = Astro.props;\n---\n<aside class={\`callout callout-\${type}\`}><p><strong>{title ?? type}</strong></p><slot /></aside>\n`,
  'Command.astro': `---\nconst { code, title } = Astro.props;\n---\n<div class="command">{title && <p>{title}</p>}<pre><code>{code}</code></pre></div>\n`,
  'Checklist.astro': `---\nconst { use, title, items = [] } = Astro.props;\nconst lists = { implementation: ${JSON.stringify((CHECKLISTS[0].data.items as { text: string }[]).map((item) => item.text))} };\nconst shown = use ? lists[use] ?? [] : items;\n---\n<section class="checklist"><h3>{title ?? use ?? 'Checklist'}</h3><ul>{shown.map((item) => <li><label><input type="checkbox" /> {item}</label></li>)}</ul></section>\n`,
  'Metric.astro': `---\nconst { name, before, after, unit = '' } = Astro.props;\n---\n<figure class="metric"><figcaption>{name}</figcaption><p>{before} {unit} → {after} {unit}</p></figure>\n`,
};

/** Builds the whole knowledge base in memory; same options, same result. */
export function generateKnowledgeBase(options: GenerateOptions): KnowledgeBase {
  const random = createRandom(options.seed);
  const shape = shapeFor(options.notes);
  const teams = makeTeams(shape.teams);
  const services = makeServices(shape.services, teams, random);
  const share = options.needsReviewShare ?? 0.1;
  const format = options.format ?? 'mdx';
  const notes: GeneratedNote[] = [];
  const usedAlerts = new Set<string>();
  for (let n = 1; n <= options.notes; n++) {
    const needsReview = random.chance(share);
    notes.push(
      random.chance(0.7)
        ? makeRunbook(n, services, random, needsReview, usedAlerts, format)
        : makeChange(n, services, random, needsReview, format),
    );
  }
  // A random stream of its own, so the notes are the same with or without components.
  if (format === 'mdx') addComponents(notes, createRandom(options.seed ^ 0x5eed), options.componentShare ?? 0.25);
  return {
    teams,
    services: services.map(serviceFile),
    checklists: CHECKLISTS,
    notes,
  };
}

export function summarise(kb: KnowledgeBase, seed: number): KnowledgeBaseSummary {
  const words = kb.notes.map((note) => note.words);
  return {
    notes: kb.notes.length,
    runbooks: kb.notes.filter((note) => note.kind === 'runbook').length,
    changes: kb.notes.filter((note) => note.kind === 'change').length,
    needsReview: kb.notes.filter((note) => note.needsReview).length,
    notesWithComponents: kb.notes.filter((note) => note.components.length > 0).length,
    services: kb.services.length,
    teams: kb.teams.length,
    avgWords: Math.round(words.reduce((a, b) => a + b, 0) / Math.max(1, words.length)),
    minWords: Math.min(...words),
    maxWords: Math.max(...words),
    seed,
  };
}

const frontmatter = (data: object) => `---\n${stringify(data, { lineWidth: 0 })}---\n\n`;

/** Writes the knowledge base as paritybook content (content/<collection>/...), replacing `dir`. */
export async function writeKnowledgeBase(kb: KnowledgeBase, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  for (const folder of ['runbooks', 'changes', 'checklists', 'services', 'teams'])
    await mkdir(path.join(dir, folder), { recursive: true });
  const writes: [string, string][] = [
    ...kb.teams.map((team): [string, string] => [`teams/${team.id}.yaml`, stringify(team, { lineWidth: 0 })]),
    ...kb.services.map((service): [string, string] => [
      `services/${service.id}.yaml`,
      stringify(service, { lineWidth: 0 }),
    ]),
    ...kb.checklists.map((list): [string, string] => [
      `checklists/${list.id}.yaml`,
      stringify(list.data, { lineWidth: 0 }),
    ]),
    ...kb.notes.map((note): [string, string] => [note.file, `${frontmatter(note.data)}${note.body}\n`]),
  ];
  await writeFiles(dir, writes);
}

/**
 * Writes the same notes in the peer sites' format: one flat folder of .mdx (or .md) files. A note
 * that uses components imports them from `componentsDir` (where `PEER_COMPONENTS` are written),
 * as a plain Astro site must.
 */
export async function writePeerNotes(kb: KnowledgeBase, dir: string, componentsDir?: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  if (componentsDir) {
    await mkdir(componentsDir, { recursive: true });
    await writeFiles(componentsDir, Object.entries(PEER_COMPONENTS));
  }
  const imports = (note: GeneratedNote) =>
    note.components
      .map((name) => {
        if (!componentsDir) throw new Error(`${note.id} uses <${name}>: give writePeerNotes a components folder`);
        const from = path
          .relative(dir, path.join(componentsDir, `${name}.astro`))
          .split(path.sep)
          .join('/');
        return `import ${name} from '${from.startsWith('.') ? from : `./${from}`}';\n`;
      })
      .join('');
  await writeFiles(
    dir,
    kb.notes.map((note) => [
      `${note.id}${path.extname(note.file)}`,
      `${frontmatter(note.peer)}${imports(note)}${note.components.length ? '\n' : ''}${note.body}\n`,
    ]),
  );
}

async function writeFiles(dir: string, files: [string, string][]) {
  // Bounded batches: 10,000 concurrent writes would exhaust file descriptors.
  for (let i = 0; i < files.length; i += 64) {
    await Promise.all(files.slice(i, i + 64).map(([file, text]) => writeFile(path.join(dir, file), text)));
  }
}
