// Strict decimal parsing straight from a slice of the CSV text, without allocating a substring in the
// common case. Accepted: optional surrounding spaces/tabs, [+-]? (d+ (.d*)? | .d+) ([eE][+-]?d+)?
// Anything else (hex, "Infinity", "1,5", ...) is not a number. Results are correctly rounded: the fast
// path is Clinger's (at most 15 significant digits and a power of ten up to 1e22, both exact in float64,
// one rounding); every other case goes through Number() on the validated text.

const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** The finite number written in text[start, end), or NaN when the text is not a finite decimal number. */
export function parseDecimal(text: string, start: number, end: number): number {
  let i = start;
  let e = end;
  let c = 0;
  while (i < e && ((c = text.charCodeAt(i)) === 32 || c === 9)) i++;
  while (e > i && ((c = text.charCodeAt(e - 1)) === 32 || c === 9)) e--;
  if (i === e) return NaN;
  const from = i;
  let negative = false;
  c = text.charCodeAt(i);
  if (c === 45) {
    negative = true;
    i++;
  } else if (c === 43) i++;

  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let exp10 = 0;
  for (; i < e; i++) {
    c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    digits++;
    if (mantissa !== 0 || c !== 0) significant++;
    mantissa = mantissa * 10 + c;
  }
  if (i < e && text.charCodeAt(i) === 46) {
    i++;
    for (; i < e; i++) {
      c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      digits++;
      if (mantissa !== 0 || c !== 0) significant++;
      mantissa = mantissa * 10 + c;
      exp10--;
    }
  }
  if (digits === 0) return NaN;
  if (i < e) {
    c = text.charCodeAt(i);
    if (c !== 101 && c !== 69) return NaN;
    i++;
    let expNegative = false;
    if (i < e) {
      c = text.charCodeAt(i);
      if (c === 45) {
        expNegative = true;
        i++;
      } else if (c === 43) i++;
    }
    let exp = 0;
    let expDigits = 0;
    for (; i < e; i++) {
      c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return NaN;
      expDigits++;
      if (exp < 100000) exp = exp * 10 + c;
    }
    if (expDigits === 0) return NaN;
    exp10 += expNegative ? -exp : exp;
  }

  let value: number;
  if (significant <= 15 && exp10 >= -22 && exp10 <= 22) {
    value = exp10 >= 0 ? mantissa * (POW10[exp10] as number) : mantissa / (POW10[-exp10] as number);
    if (negative) value = -value;
  } else if (mantissa === 0) {
    value = negative ? -0 : 0;
  } else {
    value = Number(text.slice(from, e));
  }
  return Number.isFinite(value) ? value : NaN;
}

/**
 * Cells read as missing, besides the empty cell: pandas' default na_values, so that a CSV reads the
 * same here as in PyCaret (which loads data with pandas).
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>',
  'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
]);
const LONGEST_MISSING_TOKEN = 8;

/** True if text[start, end) (spaces/tabs around it ignored) is a missing-value token. */
export function isMissingToken(text: string, start: number, end: number): boolean {
  let i = start;
  let e = end;
  let c = 0;
  while (i < e && ((c = text.charCodeAt(i)) === 32 || c === 9)) i++;
  while (e > i && ((c = text.charCodeAt(e - 1)) === 32 || c === 9)) e--;
  if (i === e) return true;
  if (e - i > LONGEST_MISSING_TOKEN) return false;
  return MISSING_TOKENS.has(text.slice(i, e));
}
