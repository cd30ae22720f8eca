import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { noteHistory, SHALLOW_FALLBACK } from '../../src/lib/note-history.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function git(cwd: string, date: string, ...args: string[]) {
  return execFileSync('git', ['-c', 'user.name=Ana Lima', '-c', 'user.email=ana@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

/** A repository with two commits: two notes, then an edit of one of them by another author. */
function repository(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'paritybook-git-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'content', 'runbooks'), { recursive: true });
  writeFileSync(path.join(dir, 'content', 'runbooks', 'a.mdx'), 'a\n');
  writeFileSync(path.join(dir, 'content', 'runbooks', 'b.mdx'), 'b\n');
  git(dir, '2026-10-01T09:00:00Z', 'init', '-q');
  git(dir, '2026-10-01T09:00:00Z', 'add', '.');
  git(dir, '2026-10-01T09:00:00Z', 'commit', '-qm', 'Two runbooks');
  writeFileSync(path.join(dir, 'content', 'runbooks', 'b.mdx'), 'b, better\n');
  execFileSync('git', ['-c', 'user.name=Bo Chen', '-c', 'user.email=bo@example.com', 'commit', '-qam', 'Sharpen b'], {
    cwd: dir,
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-11-15T12:00:00Z', GIT_COMMITTER_DATE: '2026-11-15T12:00:00Z' },
  });
  return dir;
}

/** git.ts caches one history per process; a fresh module per repository. */
async function historyIn(cwd: string) {
  vi.resetModules();
  const { gitHistory } = await import('../../src/lib/git.ts');
  return gitHistory(cwd);
}

describe('last updated and last author', () => {
  it('come from the last commit that touched each note', async () => {
    const history = await historyIn(repository());
    expect(noteHistory('content/runbooks/a.mdx', history).text).toBe('2026-10-01 by Ana Lima');
    expect(noteHistory('content/runbooks/b.mdx', history)).toMatchObject({
      text: '2026-11-15 by Bo Chen',
      author: 'Bo Chen',
      subject: 'Sharpen b',
    });
    expect(noteHistory('content/runbooks/new.mdx', history).text).toBe('not committed yet');
  });

  it('say so plainly in a shallow clone, instead of showing the clone date', async () => {
    const source = repository();
    const clone = mkdtempSync(path.join(tmpdir(), 'paritybook-shallow-'));
    dirs.push(clone);
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${source}`, clone]);
    const history = await historyIn(clone);
    expect(history.shallow).toBe(true);
    expect(noteHistory('content/runbooks/a.mdx', history).text).toBe(SHALLOW_FALLBACK);
    expect(SHALLOW_FALLBACK).toBe('history not available in this shallow clone');
  });

  it('say so outside a git checkout', () => {
    expect(noteHistory('content/x.mdx', { files: new Map(), shallow: false, available: false }).text).toBe(
      'history not available outside a git checkout',
    );
  });
});
