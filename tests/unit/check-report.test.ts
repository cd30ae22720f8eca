import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/content-check/problem.ts';
import { applyStrict, formatReport, githubAnnotations } from '../../src/content-check/report.ts';
import { closest } from '../../src/lib/edit-distance.ts';

const problem = (overrides: Partial<Problem>): Problem => ({
  file: 'content/runbooks/a.mdx',
  line: 3,
  field: 'owner',
  found: '"x"',
  expected: 'a team id',
  severity: 'error',
  rule: 'reference',
  ...overrides,
});

describe('GitHub annotations', () => {
  it('escape workflow-command syntax in properties and message', () => {
    expect(
      githubAnnotations([
        problem({
          file: 'content/runbooks/a,b:c.mdx',
          found: '50% "x"\nnext line',
          severity: 'warning',
          line: undefined,
        }),
      ]),
    ).toMatchInlineSnapshot(
      `"::warning file=content/runbooks/a%2Cb%3Ac.mdx,title=paritybook check%3A reference::owner: found 50%25 "x"%0Anext line; expected a team id"`,
    );
  });
});

describe('report', () => {
  it('summarises clean runs, warnings only, and errors', () => {
    expect(formatReport([], 12)).toBe('✓ No problems in 12 files.');
    expect(
      formatReport([problem({ severity: 'warning' })], 12)
        .split('\n')
        .at(-1),
    ).toBe('✓ No errors in 12 files; 1 warning to look at.');
    expect(
      formatReport([problem({}), problem({ file: 'content/teams/b.yaml' })], 12)
        .split('\n')
        .at(-1),
    ).toBe('✖ 2 errors in 2 files (12 checked).');
  });

  it('makes warnings errors with --strict, and only then', () => {
    const warning = problem({ severity: 'warning' });
    expect(applyStrict([warning], false)[0].severity).toBe('warning');
    expect(applyStrict([warning], true)[0].severity).toBe('error');
  });
});

describe('did you mean', () => {
  it('suggests the closest known value for a typo only', () => {
    expect(closest('mitigaton', ['meaning', 'mitigation', 'rollback'])).toBe('mitigation');
    expect(closest('mitigaiton', ['meaning', 'mitigation', 'rollback'])).toBe('mitigation');
    expect(closest('escalate-now', ['meaning', 'mitigation'])).toBeUndefined();
  });
});
