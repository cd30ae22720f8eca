/**
 * Counts in words: "1 service", "3 services", "0 runbooks". One helper for every page and command, so
 * no page prints "1 services".
 */
const english = new Intl.PluralRules('en');

/**
 * A count with its noun in the right number.
 * @param plural - Irregular plural; defaults to the noun with an "s".
 * @example count(1, 'service') === '1 service'; count(2, 'entry', 'entries') === '2 entries'
 */
export function count(value: number, noun: string, plural = `${noun}s`): string {
  return `${value} ${english.select(value) === 'one' ? noun : plural}`;
}
