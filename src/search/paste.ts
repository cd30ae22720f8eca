/**
 * Pasted log lines and error messages: their stable part. A line copied from a terminal carries
 * parts that differ on every occurrence (timestamps, addresses, ports, pod names, ids, quoted
 * values, line numbers, log levels, key=value fields); the runbook quotes the same message with
 * other values, or only its stable words. Searching with the variable parts left in asks Pagefind
 * for words no page holds, and quoting them turns them into phrases a page must contain.
 * Plain functions, no DOM.
 */

/** Whole tokens that are variable parts of a log line. */
const VARIABLE_TOKEN = [
  // Dates, times and timestamps: 2026-11-30, 2024/06/01, 10:13:01.21047, 2018-01-29_10:13:01, 2024-03-11T08:15:02Z
  /^\d{4}[-/]\d{1,2}[-/]\d{1,2}([T_ ]?\d{1,2}:\d{2}(:\d{2})?([.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i,
  /^\d{1,2}:\d{2}(:\d{2})?([.,]\d+)?(Z|[+-]\d{2}:?\d{2})?$/i,
  /^(GMT|UTC|CET|CEST|PST|PDT|EST|EDT)$/,
  // Addresses, with or without a port: 10.0.3.12, 10.0.3.12:5432, [::1]:9093, fe80::1
  /^\d{1,3}(\.\d{1,3}){3}(:\d+)?$/,
  /^\[?[0-9a-f]*:[0-9a-f:]*:[0-9a-f]*\]?(:\d+)?$/i,
  // URLs and absolute paths to files or endpoints.
  /^[a-z][a-z0-9+.-]*:\/\/\S*$/i,
  // Ids: uuids, hex hashes, pod-template hashes, numbered things (#7531, *48213, 31#31, 11/917325144).
  /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i,
  /^(?=.*\d)[0-9a-f]{7,}$/i,
  /^(?=(?:.*\d){3})[0-9a-f.:_/-]+$/i,
  /^[^\p{L}]*$/u,
  // Log levels as a log line writes them (upper case or bracketed); "error" in a sentence stays.
  /^\[?(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL|PANIC|ALERT|EMERG)\]?:?$/,
  // Host names: lower-case dotted names ending in a usual suffix (pg-checkout.internal, api.example.com).
  /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(internal|local|lan|svc|cluster|com|net|org|io|dev|cloud|example)(:\d+)?$/,
  // Node names as clouds write them: ip-10-0-1-2, gke-prod-pool-1-8f9a2b3c-x1z2.
  /^ip-\d+-\d+-\d+-\d+\b.*$/,
];

/** A bracketed log level, any case: [error], [warn]. */
const LOG_LEVEL = /^\[(trace|debug|info|notice|warn|warning|error|crit|critical|fatal|panic|alert|emerg)\]:?$/i;

/** A pod name: deployment name, pod-template hash, random suffix (checkout-api-7f9c6d5b8-qx2lp). */
const POD_NAME = /^([a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*)-[a-z0-9]{6,10}-[a-z0-9]{5}$/;
/** A stateful pod or numbered host: redis-cart-0, etcd-2, postgres02 keep their stable name. */
const NUMBERED_NAME = /^([a-z][a-z-]*[a-z])(?:-\d+|\d{2,})$/;

/** True when a query reads like a pasted log line rather than words typed by a person. */
export function looksPasted(query: string): boolean {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return false;
  if (/"[\w.-]+"\s*:/.test(query)) return true;
  // Machine text: a message with code-like punctuation ("FATAL:", "Error:", quotes, brackets), long.
  if (words.length >= 6 && /\w:(\s|$)|["“(\[{]|\w\.\w/.test(query)) return true;
  return words.some(
    (word) => /^[\w.-]+=/.test(word) || VARIABLE_TOKEN.slice(0, 7).some((re) => re.test(trimPunctuation(word))),
  );
}

const trimPunctuation = (token: string) => token.replace(/^[\s([{<'"“”,;]+|[\s)\]}>'"“”,;]+$/g, '');

/** One token without its variable part, or '' when all of it is variable. */
function stableToken(raw: string): string {
  if (LOG_LEVEL.test(raw)) return '';
  const token = trimPunctuation(raw);
  if (!token) return '';
  const bare = token.replace(/:$/, '');
  if (/^[\w.-]+=/.test(bare)) return '';
  if (VARIABLE_TOKEN.some((re) => re.test(token) || re.test(bare))) return '';
  const pod = POD_NAME.exec(bare);
  if (pod) return pod[1];
  // file.go:101, app.py:42: the file is stable, the line number is not.
  const fileLine = /^(.+\.[a-z]{1,4}):\d+$/i.exec(bare);
  if (fileLine) return fileLine[1];
  const numbered = NUMBERED_NAME.exec(bare);
  if (numbered) return numbered[1];
  return token;
}

/**
 * Text of a quoted value. Values of one word (a host, a user name, an address) are variable;
 * a quoted sentence (`msg="Creating target failed"`) is the message itself.
 */
function quotedValue(inner: string): string {
  const text = inner.replace(/\\"/g, '"').trim();
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length < 2) return '';
  return stablePart(text);
}

/**
 * The stable part of a pasted line: its words with timestamps, addresses, ports, pod and node
 * names, ids, one-word quoted values, line numbers, log levels and key=value fields (their key,
 * and their value unless it is a quoted sentence) removed.
 * @example stablePart('psycopg2.OperationalError: connection to server at "10.0.3.12", port 5432 failed')
 *   // 'psycopg2.OperationalError: connection to server at port failed'
 */
export function stablePart(line: string): string {
  const pieces: string[] = [];
  // Quoted strings (with escaped quotes inside) and key=value fields first, then single tokens.
  const pattern =
    /([\w.-]+)=("(?:[^"\\]|\\.)*"|\S*)|"((?:[^"\\]|\\.)*)"|“([^”]*)”|(?<!\w)'([^'\s][^']*)'(?!\w)|([^\s"“,]+)/g;
  for (const match of line.matchAll(pattern)) {
    const [, key, value, doubleQuoted, curlyQuoted, singleQuoted, token] = match;
    if (key !== undefined) {
      if (value?.startsWith('"')) pieces.push(quotedValue(value.slice(1, -1)));
    } else if (doubleQuoted !== undefined || curlyQuoted !== undefined || singleQuoted !== undefined) {
      const inner = doubleQuoted ?? curlyQuoted ?? singleQuoted!;
      // JSON keys ("level":) are field names, not text.
      const afterQuote = line.slice((match.index ?? 0) + match[0].length).trimStart();
      if (!afterQuote.startsWith(':') || /\s/.test(inner.trim())) pieces.push(quotedValue(inner));
    } else if (token) {
      pieces.push(stableToken(token));
    }
  }
  return pieces.filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
}
