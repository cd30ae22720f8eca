/**
 * The on-call vocabulary: how engineers describe a symptom ("disk full", "link going up and
 * down", "cronjob never finishes") and the words runbooks and alert names use for it
 * ("filesystem space", "flapping", "job completion"). A query holding a symptom phrase also
 * searches those words. Used only for queries of several words: an alert name typed as it is
 * never takes this path, so exact names stay first.
 *
 * Kept small and operational on purpose: every entry is a way people really say it in an
 * incident channel, and every change is measured with the relevance harness (docs/search.md).
 */

interface Symptom {
  /** Phrasings, lower case, matched as whole words in the query. */
  says: string[];
  /** What runbooks call it: each entry is searched as its own query (all its words must occur). */
  means: string[];
}

const SYMPTOMS: Symptom[] = [
  {
    says: ['disk full', 'disk is full', 'disk filling', 'out of disk', 'out of space', 'no space left', 'volume full'],
    means: ['filesystem space', 'out of space', 'filling up', 'disk space'],
  },
  { says: ['almost full', 'nearly full', 'filling up', 'running out of space'], means: ['filling up', 'space'] },
  { says: ['too big', 'too large', 'grew too', 'growing too', 'too much space'], means: ['size', 'quota', 'space'] },
  {
    says: ['up and down', 'on and off', 'flaky', 'bouncing', 'flipping'],
    means: ['flapping', 'changing its status', 'status changed'],
  },
  {
    says: ['never finishes', 'never completes', 'never ends', 'not finishing', 'takes forever', 'runs forever'],
    means: ['completion', 'complete', 'taking more than'],
  },
  {
    says: ['keeps restarting', 'keep restarting', 'restart loop', 'crash loop', 'keeps crashing', 'keep crashing'],
    means: ['crashlooping', 'crashloopbackoff', 'restarting'],
  },
  {
    says: ['out of memory', 'oom killed', 'memory leak', 'too much memory', 'runs out of memory'],
    means: ['oomkilled', 'memory', 'oom'],
  },
  { says: ['too many open files', 'open files'], means: ['file descriptors', 'file descriptor limit'] },
  {
    says: ['time drift', 'time is wrong', 'clock is wrong', 'clock drift', 'wrong time'],
    means: ['clock skew', 'clock', 'ntp'],
  },
  {
    says: ['about to expire', 'expiring soon', 'expires soon', 'expired', 'expire'],
    means: ['expiration', 'expiring', 'expiry'],
  },
  {
    says: ['is down', 'site down', 'not responding', 'not reachable', 'cannot reach', 'can not reach'],
    means: ['down', 'unreachable', 'unavailable'],
  },
  { says: ['no data', 'shows nothing', 'blank', 'graph empty'], means: ['empty', 'no data', 'missing'] },
  {
    says: ['not delivered', 'not sent', 'not arriving', 'never arrive', 'not received'],
    means: ['failed to send', 'notification failures', 'notifications'],
  },
  {
    says: ['too many connections', 'out of connections', 'connections exhausted', 'connection limit'],
    means: ['connection limit', 'too many connections', 'saturation', 'pool'],
  },
  { says: ['not enough replicas', 'missing pods', 'pods missing'], means: ['replicas mismatch', 'unavailable'] },
  { says: ['old version', 'wrong version', 'stale version'], means: ['version mismatch', 'stale'] },
  { says: ['not ready', 'notready'], means: ['not ready', 'readiness'] },
  { says: ['slow', 'too slow', 'sluggish', 'takes long'], means: ['latency', 'slow'] },
];

/** Words that say nothing about what is wrong once the symptom phrase is taken out. */
const FILLER = new Set(
  'a an and are is was were be been the on of in to my our it its this that keeps keep going goes went got became very too so all at for with'.split(
    ' ',
  ),
);

const normalise = (text: string) =>
  ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim()} `;

/** What a query's symptom phrases stand for. */
export interface SymptomExpansion {
  /** The runbook words of each phrase found, in order, without repeats. */
  terms: string[];
  /**
   * The query with each phrase replaced by what it stands for ("database too big" ->
   * "database size"), so the thing that is wrong stays in the search; empty when nothing but
   * the phrase was typed.
   */
  rewritten: string[];
  /** Each remaining word with each runbook word ("grafana empty"), when a few words remain. */
  paired: string[];
}

/** Expands a query's symptom phrases; nothing for single words (alert names take their own path). */
export function expandSymptoms(query: string): SymptomExpansion {
  const text = normalise(query);
  if (text.trim().split(' ').length < 2) return { terms: [], rewritten: [], paired: [] };
  const terms = new Set<string>();
  const rewritten = new Set<string>();
  const paired = new Set<string>();
  for (const symptom of SYMPTOMS) {
    const phrase = symptom.says.find((p) => text.includes(` ${p} `));
    if (!phrase) continue;
    const rest = text
      .replace(` ${phrase} `, ' ')
      .trim()
      .split(' ')
      .filter((word) => word && !FILLER.has(word));
    for (const term of symptom.means) {
      terms.add(term);
      if (rest.length > 0) rewritten.add(`${rest.join(' ')} ${term}`);
      if (rest.length > 1 && rest.length <= 3) for (const word of rest) paired.add(`${word} ${term}`);
    }
  }
  return { terms: [...terms], rewritten: [...rewritten], paired: [...paired] };
}
