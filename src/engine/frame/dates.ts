// Date / date-time cells as written in CSVs. Accepted shapes (surrounding spaces ignored):
//   ISO 8601        2021-03-04, 2021-03-04T05:06, 2021-03-04 05:06:07.123, ...Z / ...+01:00
//   YYYY/MM/DD      2021/03/04, 2021/3/4 05:06
//   MM/DD/YYYY      03/04/2021, 3/4/2021 5:06:07
//   Mon DD YYYY     Mar 04 2021, Mar 4, 2021, March 4 2021 05:06
// The time part is optional (HH:MM or HH:MM:SS[.fff], optionally AM/PM for the last two shapes). A time zone
// suffix is accepted and ignored: the features are the wall-clock fields as written. Calendar checks are
// strict (month 1-12, day within the month, hour < 24, minute/second < 60), so "13/01/2021" is not a date.

/** The wall-clock fields of a parsed cell. */
export interface DateParts {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
  hour: number;
  minute: number;
  second: number;
  /** True when the cell carried a time of day. */
  hasTime: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?`;
const ZONE = String.raw`(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?`;
const AMPM = String.raw`(?:\s*([AaPp][Mm]))?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T ]${TIME}${ZONE})?$`);
const YMD_SLASH = new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})(?:[T ]${TIME}${AMPM})?$`);
const MDY_SLASH = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?:[T ]${TIME}${AMPM})?$`);
const MON_DD_YYYY = new RegExp(String.raw`^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+${TIME}${AMPM})?$`);

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function monthOfName(name: string): number {
  const lower = name.toLowerCase();
  const short = MONTHS.indexOf(lower);
  if (short >= 0) return short + 1;
  const long = MONTH_NAMES.indexOf(lower);
  if (long >= 0) return long + 1;
  return lower === 'sept' ? 9 : -1;
}

function build(year: number, month: number, day: number, m: RegExpExecArray, timeAt: number, ampmAt: number): DateParts | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const hasTime = m[timeAt] !== undefined;
  let hour = hasTime ? Number(m[timeAt]) : 0;
  const minute = hasTime ? Number(m[timeAt + 1]) : 0;
  const second = hasTime && m[timeAt + 2] !== undefined ? Number(m[timeAt + 2]) : 0;
  const ampm = ampmAt > 0 ? m[ampmAt] : undefined;
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm.toLowerCase() === 'pm';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { year, month, day, hour, minute, second, hasTime };
}

/** The fields of a date / date-time cell, or null when the text is not one of the accepted shapes. */
export function parseDate(text: string): DateParts | null {
  const s = text.trim();
  if (s.length < 8 || s.length > 40) return null;
  let m = ISO.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), m, 4, -1);
  m = YMD_SLASH.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]), m, 4, 7);
  m = MDY_SLASH.exec(s);
  if (m) return build(Number(m[3]), Number(m[1]), Number(m[2]), m, 4, 7);
  m = MON_DD_YYYY.exec(s);
  if (m) {
    const month = monthOfName(m[1] as string);
    return month < 0 ? null : build(Number(m[3]), month, Number(m[2]), m, 4, 7);
  }
  return null;
}

/** Day of the week as pandas' `dt.weekday`: Monday = 0 ... Sunday = 6 (proleptic Gregorian calendar). */
export function weekday(year: number, month: number, day: number): number {
  // Days since 1970-01-01 by the civil-from-days inverse (H. Hinnant's days_from_civil).
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  // 1970-01-01 was a Thursday (weekday 3).
  return (((days + 3) % 7) + 7) % 7;
}
