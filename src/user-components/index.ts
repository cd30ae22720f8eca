/** Components every MDX note can use without importing them. */
import Callout from './Callout.astro';
import Checklist from './Checklist.astro';
import Command from './Command.astro';
import Metric from './Metric.astro';

export const mdxComponents = { Callout, Checklist, Command, Metric };
export { Callout, Checklist, Command, Metric };
