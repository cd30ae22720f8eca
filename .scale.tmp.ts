import { readFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
const text = readFileSync('/tmp/imp-perf/two.md', 'utf8');
const p = unified().use(remarkParse).use(remarkGfm);
p.parse(text.slice(0, 100000));
for (const mb of [0.25, 0.5, 1, 2]) {
  const t = text.slice(0, mb * 1048576);
  const c0 = process.cpuUsage();
  p.parse(t);
  const c = process.cpuUsage(c0);
  console.log(mb, ((c.user + c.system) / 1e6).toFixed(2));
}
