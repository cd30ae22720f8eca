/**
 * Alert name -> runbook(s), as the /alerts/ pages and the alert-rules check see it.
 * Every runbook counts, needs-review ones too: an alert URL must resolve even before review.
 */
import { entryUrl } from '../routes.ts';

/** Where an alert name leads. */
export interface AlertTarget {
  id: string;
  url: string;
  title: string;
  severity: string;
  status: string;
}

interface RunbookLike {
  id: string;
  data: { title: string; alerts: string[]; severity: string; status: string };
}

export function alertIndex(runbooks: RunbookLike[]): Map<string, AlertTarget[]> {
  const index = new Map<string, AlertTarget[]>();
  for (const runbook of [...runbooks].sort((a, b) => a.id.localeCompare(b.id))) {
    for (const alert of runbook.data.alerts) {
      const targets = index.get(alert) ?? [];
      targets.push({
        id: runbook.id,
        url: entryUrl('runbooks', runbook.id),
        title: runbook.data.title,
        severity: runbook.data.severity,
        status: runbook.data.status,
      });
      index.set(alert, targets);
    }
  }
  return index;
}
