/**
 * Words on-call engineers use for the same thing, as groups. A query word also searches its
 * group (at a lower weight), so "database too big" meets a runbook that says "DB size".
 * Kept small and operational on purpose: every entry must be a true equivalent in an incident.
 */
const GROUPS: string[][] = [
  ['db', 'database', 'postgres', 'postgresql'],
  ['k8s', 'kubernetes', 'kube'],
  ['cert', 'certs', 'certificate', 'certificates', 'x509'],
  ['mem', 'memory', 'ram', 'oom'],
  ['disk', 'filesystem', 'storage'],
  ['big', 'large', 'huge', 'size'],
  ['restart', 'restarting', 'restarts', 'crashloop', 'crashlooping'],
  ['slow', 'latency', 'duration'],
  ['down', 'unreachable', 'unavailable'],
  ['fail', 'fails', 'failing', 'failed', 'failure', 'errors'],
  ['apiserver', 'api'],
  ['config', 'configuration'],
  ['hpa', 'autoscaler'],
  ['throttled', 'throttling'],
  ['dns', 'nxdomain'],
  ['clock', 'ntp', 'chrony'],
  ['full', 'exhausted', 'exceeded'],
  ['stuck', 'hanging', 'hung'],
  ['link', 'interface', 'nic'],
  ['cronjob', 'cronjobs', 'cron', 'job', 'jobs'],
];

const INDEX = new Map<string, string[]>();
for (const group of GROUPS)
  for (const word of group)
    INDEX.set(
      word,
      group.filter((other) => other !== word),
    );

/** Other words of a word's group, or nothing. */
export function synonymsOf(word: string): string[] {
  return INDEX.get(word.toLowerCase()) ?? [];
}
