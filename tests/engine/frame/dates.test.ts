import { describe, expect, it } from 'vitest';
import { parseDate, weekday } from '../../../src/engine/frame/dates.js';

const parts = (s: string): number[] | null => {
  const p = parseDate(s);
  return p ? [p.year, p.month, p.day, p.hour, p.minute, p.second, p.hasTime ? 1 : 0] : null;
};

describe('parseDate', () => {
  it('reads ISO 8601 with and without a time, ignoring the zone', () => {
    expect(parts('2021-03-04')).toEqual([2021, 3, 4, 0, 0, 0, 0]);
    expect(parts('2021-03-04T05:06')).toEqual([2021, 3, 4, 5, 6, 0, 1]);
    expect(parts(' 2021-03-04 05:06:07.125 ')).toEqual([2021, 3, 4, 5, 6, 7, 1]);
    expect(parts('2021-03-04T23:59:59Z')).toEqual([2021, 3, 4, 23, 59, 59, 1]);
    expect(parts('2021-03-04T05:06:07+01:00')).toEqual([2021, 3, 4, 5, 6, 7, 1]);
  });

  it('reads YYYY/MM/DD, MM/DD/YYYY (with AM/PM) and "Mon DD YYYY"', () => {
    expect(parts('2021/3/4')).toEqual([2021, 3, 4, 0, 0, 0, 0]);
    expect(parts('2021/03/04 17:30')).toEqual([2021, 3, 4, 17, 30, 0, 1]);
    expect(parts('03/04/2021')).toEqual([2021, 3, 4, 0, 0, 0, 0]);
    expect(parts('3/4/2021 5:06:07 PM')).toEqual([2021, 3, 4, 17, 6, 7, 1]);
    expect(parts('12/31/1999 12:00 AM')).toEqual([1999, 12, 31, 0, 0, 0, 1]);
    expect(parts('Mar 04 2021')).toEqual([2021, 3, 4, 0, 0, 0, 0]);
    expect(parts('Mar 4, 2021')).toEqual([2021, 3, 4, 0, 0, 0, 0]);
    expect(parts('september 30 2020 08:15')).toEqual([2020, 9, 30, 8, 15, 0, 1]);
  });

  it('refuses impossible calendar fields and other text', () => {
    for (const s of ['2021-02-29', '2021-13-01', '13/01/2021', '2021-04-31', '2021-03-04T24:00', '2021-03-04 10:60', 'Foo 04 2021', '12345678', 'hello world', '2021-3-4x', '', '1/2/21', '13:00 PM 1/2/2021'])
      expect(parseDate(s), s).toBeNull();
    expect(parts('2020-02-29')).toEqual([2020, 2, 29, 0, 0, 0, 0]);
    expect(parseDate('1900-02-29')).toBeNull();
    expect(parts('2000-02-29')).not.toBeNull();
    expect(parseDate('3/4/2021 13:00 PM')).toBeNull();
  });
});

describe('weekday', () => {
  it("matches Python's date.weekday() (Monday = 0)", () => {
    // /usr/bin/python3: datetime.date.fromisoformat(d).weekday()
    const expected: Array<[string, number]> = [['2021-03-04', 3], ['2000-02-29', 1], ['1969-12-31', 2], ['1900-01-01', 0], ['2024-12-31', 1], ['1601-06-15', 4]];
    for (const [d, w] of expected) {
      const [y, m, day] = d.split('-').map(Number) as [number, number, number];
      expect(weekday(y, m, day), d).toBe(w);
    }
  });
});
