/**
 * Calendar days as authors write them. `Date.UTC(2026, 12, 45)` and `new Date("2026-02-30")` roll over into
 * another day instead of failing, so YAML's `2026-13-45` would silently become 2027-02-14; these helpers say
 * which written dates are days of the calendar at all.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** YAML 1.1 timestamps as js-yaml reads them: a day, optionally a time of day and a time zone. */
const TIMESTAMP =
  /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.\d*)?(?:[ \t]*(?:Z|[-+](\d\d?)(?::(\d\d))?))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Why a written date or timestamp is not a real moment of the calendar ("there is no month 13"), or undefined when
 * it is one. Text that is not shaped like a date at all is not this function's business (undefined as well).
 */
export function impossibleDate(text: string): string | undefined {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, zoneHour, zoneMinute] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  if (month < 1 || month > 12) return `there is no month ${month}`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${MONTHS[month - 1]} ${year} has ${days} days`;
  if (hour > 23 || minute > 59 || second > 59) return `${match[4]}:${match[5]}:${match[6]} is no time of day`;
  if (zoneHour > 23 || zoneMinute > 59) return 'the time zone offset is out of range';
  return undefined;
}

/** Midnight UTC of a day written as YYYY-MM-DD, or undefined when the text is no such day. */
export function parseDay(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || impossibleDate(text)) return undefined;
  return new Date(`${text}T00:00:00Z`);
}
