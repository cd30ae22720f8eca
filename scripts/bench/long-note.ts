/**
 * A long runbook body of about `megabytes` MB, the shape of real long pages: sections with prose, links,
 * tables, code blocks and lists. Deterministic, so timings compare across runs.
 */
export function longNote(megabytes: number): string {
  const sections = ['Meaning', 'Impact', 'Diagnosis', 'Mitigation', 'Rollback', 'Escalation'];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i += 1) {
    const name = sections[i % sections.length];
    // The first six sections carry the runbook section names exactly, as the check asks; the rest are numbered.
    const part = `## ${i < sections.length ? name : `${name} ${i}`}

The service [checkout](/services/checkout-api/) answers slowly; see [step ${i}](#step-${i}). Run \`kubectl get pods\` and compare with **staging**.

| column | value |
| --- | --- |
| a | ${i} |

\`\`\`shell
kubectl logs -n app deploy/web --since=10m | grep ERROR ${i}
\`\`\`

- step one ${i}
- step two with a [link](https://example.com/${i})

### Step ${i}

Text.

`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('').trimEnd();
}
