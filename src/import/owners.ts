/**
 * Who owns an imported page: a CODEOWNERS rule (last match wins, as on GitHub and GitLab), else the nearest
 * OWNERS file (Kubernetes style: approvers and reviewers) above the page, else nobody (the caller's default team).
 * Pure: the caller reads the files.
 */
import path from 'node:path';
import { slug } from 'github-slugger';
import { parse as parseYaml } from 'yaml';

/** A team the import derives from an ownership file, with the people it names. */
export interface DerivedTeam {
  id: string;
  name: string;
  /** Where the team came from, for the report: "CODEOWNERS line 4", "patroni/OWNERS". */
  source: string;
  people: string[];
}

interface CodeOwnersRule {
  pattern: RegExp;
  team: DerivedTeam;
}

export interface OwnerMap {
  /** The team owning a page (path relative to the imported folder), and where that came from. */
  ownerOf(relativePath: string): DerivedTeam | undefined;
  teams: DerivedTeam[];
}

const teamId = (text: string) => slug(text.replace(/^@/, '').split('/').pop() ?? text) || 'owners';

/** A CODEOWNERS pattern as a regular expression over paths relative to the repository root. */
function codeOwnersPattern(pattern: string): RegExp {
  const anchored = pattern.startsWith('/') || pattern.replace(/\/$/, '').includes('/');
  const body = pattern
    .replace(/^\//, '')
    .replace(/\/$/, '/**')
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`${anchored ? '^' : '(^|/)'}${body}(/.*)?$`);
}

/** Reads CODEOWNERS text: `pattern @org/team @user …`, GitLab `[Section]` headers and comments skipped. */
export function parseCodeOwners(text: string, file = 'CODEOWNERS'): CodeOwnersRule[] {
  const rules: CodeOwnersRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || /^\^?\[[^\]]*\]/.test(line)) return;
    const [pattern, ...owners] = line.split(/\s+/);
    const named = owners.filter((owner) => owner.startsWith('@') || owner.includes('@'));
    if (named.length === 0) return;
    const group = named.find((owner) => owner.startsWith('@') && owner.includes('/'));
    const people = named.filter((owner) => owner !== group);
    const id = group ? teamId(group) : teamId(pattern.replace(/[*/]+/g, ' ').trim() || 'owners');
    rules.push({
      pattern: codeOwnersPattern(pattern),
      team: { id, name: group ?? `Owners of ${pattern}`, source: `${file} line ${index + 1}`, people },
    });
  });
  return rules;
}

/** Reads an OWNERS file (YAML with approvers and reviewers); undefined when it names nobody. */
export function parseOwnersFile(text: string, folder: string, file: string): DerivedTeam | undefined {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    return undefined;
  }
  const list = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const record = (data ?? {}) as Record<string, unknown>;
  const people = [...new Set([...list(record.approvers), ...list(record.reviewers)])];
  if (people.length === 0) return undefined;
  const name = folder === '.' ? 'Owners' : `${path.posix.basename(folder)} owners`;
  return { id: teamId(folder === '.' ? 'owners' : path.posix.basename(folder)), name, source: file, people };
}

/**
 * Builds the owner lookup from ownership files found in the imported folder: `files` maps a path relative to it
 * to the file's text. `prefix` is the imported folder's path inside its repository, for CODEOWNERS patterns
 * written from the repository root ('' when the imported folder is the root).
 */
export function ownerMap(files: Map<string, string>, prefix = ''): OwnerMap {
  const rules: CodeOwnersRule[] = [];
  const owners = new Map<string, DerivedTeam>();
  for (const [file, text] of files) {
    const name = path.posix.basename(file);
    if (name === 'CODEOWNERS') rules.push(...parseCodeOwners(text, file));
    else if (name === 'OWNERS') {
      const folder = path.posix.dirname(file);
      const team = parseOwnersFile(text, folder, file);
      if (team) owners.set(folder, team);
    }
  }
  const teams = new Map<string, DerivedTeam>();
  for (const team of [...rules.map((rule) => rule.team), ...owners.values()]) {
    const known = teams.get(team.id);
    if (known) known.people = [...new Set([...known.people, ...team.people])];
    else teams.set(team.id, { ...team, people: [...team.people] });
  }
  return {
    teams: [...teams.values()],
    ownerOf(relativePath) {
      const repoPath = path.posix.join(prefix, relativePath);
      const rule = rules.findLast((candidate) => candidate.pattern.test(repoPath));
      if (rule) return teams.get(rule.team.id);
      for (let folder = path.posix.dirname(relativePath); ; folder = path.posix.dirname(folder)) {
        const team = owners.get(folder);
        if (team) return teams.get(team.id);
        if (folder === '.' || folder === '/') return undefined;
      }
    },
  };
}
