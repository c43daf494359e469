// Numbers as people type them in the workspace's locale (traction.yaml `locale`), read into
// the number the API takes. A convenience for forms: the server checks the number it receives
// against the intake's zod schema either way. No I/O; Intl only.
//
// The rules (docs/intake.md "Numbers"):
// - The decimal mark and the group separator are the locale's (Intl.NumberFormat); its money
//   format's and its language's group separators are read as grouping too (de-AT: 1 000 and
//   € 1.000). Spaces and apostrophes group thousands in any locale: none uses them as a
//   decimal mark.
// - Money has at most the currency's minor digits (2 for EUR and CHF), so in a money field a
//   decimal mark followed by exactly three digits cannot be cents: "5.000" in de-CH, where "."
//   is the decimal mark but German writes 5.000 for five thousand, is read as 5,000. Where the
//   language does not group with that mark (English), "5.000" could be 5 or 5,000: refused,
//   asking for 5000 or 5,000.
// - Words and shorthand ("about 2k", "ca. 5000") are refused with a plain message, not guessed:
//   an uncertain amount is what the low / likely / high range is for.
// - A sign is read; whether a negative number is allowed is the field's business (money never).

export interface NumberFormatOptions {
  locale: string;
  /** A money amount: at most the currency's minor digits, and the three-digit rule above. */
  currency?: string;
}

export type ParsedNumber = { value: number; problem?: undefined } | { value?: undefined; problem: string };

export interface Separators {
  decimal: string;
  group: string;
}

export function separators(locale: string): Separators {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  return { decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.', group: parts.find((p) => p.type === 'group')?.value ?? ',' };
}

/** The separators of the locale's language alone ("de" for "de-CH"): how most of its speakers write. */
function languageSeparators(locale: string): Separators {
  return separators(new Intl.Locale(locale).language);
}

const SPACES = /[\s\u00a0\u202f]/g;
const APOSTROPHES = /['\u2019\u02bc]/g;

function minorDigits(locale: string, currency: string): number {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** A number in the locale's own format, such as an example in a message. */
export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
}

/** "CHF 5’000", or with cents when there are any. */
export function formatMoney(n: number, locale: string, currency: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: Number.isInteger(n) ? 0 : undefined }).format(n);
}

function stripCurrency(text: string, locale: string, currency: string | undefined): string {
  if (!currency) return text;
  const symbol = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(1).find((p) => p.type === 'currency')?.value;
  let s = text;
  for (const c of [currency, symbol].filter((x): x is string => !!x)) {
    const i = s.toUpperCase().indexOf(c.toUpperCase());
    if (i === 0 || (i > 0 && i + c.length === s.length)) s = s.slice(0, i) + s.slice(i + c.length);
  }
  return s.trim();
}

export function parseLocaleNumber(text: string, options: NumberFormatOptions): ParsedNumber {
  const { locale, currency } = options;
  const own = separators(locale);
  const example = currency ? formatNumber(5000, locale) : formatNumber(2.5, locale);
  let s = stripCurrency(text.trim(), locale, currency);
  if (s === '') return { problem: 'is empty: type a number' };
  if (/\p{L}/u.test(s)) return { problem: `type the number in digits, such as ${example}; words and shorthand such as "about" or "2k" are not read (for an uncertain amount, give the range low / likely / high)` };
  const negative = /^[-\u2212]/.test(s);
  s = s.replace(/^[-\u2212+]/, '').trim();
  // One spelling per separator: every space as " ", every apostrophe as "'".
  const norm = (c: string) => c.replace(SPACES, ' ').replace(APOSTROPHES, "'");
  s = norm(s);
  const decimal = norm(own.decimal);
  // Also the group separator of amounts of money (de-AT writes 1 000 but € 1.000) and of the
  // language at large (de: "."), unless it is this locale's decimal mark.
  const moneyGroup = norm(new Intl.NumberFormat(locale, { style: 'currency', currency: currency ?? 'EUR' }).formatToParts(1234567).find((p) => p.type === 'group')?.value ?? ' ');
  const groups = new Set([norm(own.group), ' ', "'", moneyGroup, norm(languageSeparators(locale).group)].filter((g) => g !== decimal));
  if (!/^[0-9]/.test(s) || /[^0-9., ']/.test(s)) return { problem: `is not a number as written here (such as ${example})` };
  const marks = [...s.matchAll(/[^0-9]/g)].map((m) => m[0]);
  const unknown = marks.find((m) => m !== decimal && !groups.has(m));
  if (unknown !== undefined) return { problem: `"${unknown}" is not used in numbers here: write ${decimal === '.' ? '"." for decimals' : `"${own.decimal}" for decimals`} and "${own.group}" or a space between thousands (such as ${example})` };

  let decimals = marks.filter((m) => m === decimal).length;
  if (currency && decimals >= 1 && threeDigitGroupsAfter(s, decimal)) {
    // A mark followed by exactly three digits in an amount of money: thousands, if the language groups with it.
    if (norm(languageSeparators(locale).group) !== decimal) {
      const asThousands = Number(s.replace(/[^0-9]/g, ''));
      return { problem: `"${text.trim()}" could be ${formatNumber(asThousands / 1000 ** decimals, locale)} or ${formatNumber(asThousands, locale)}: write the amount without "${own.decimal}", such as ${example}` };
    }
    s = s.split(decimal).join("'");
    decimals = 0;
  }
  if (decimals > 1) return { problem: `has ${decimals} decimal marks ("${own.decimal}"): write one at most, such as ${example}` };
  const [whole = '', fraction] = s.split(decimal);
  const parts = whole.split(/[ ',.]/);
  if (parts.some((p, i) => p === '' || (i > 0 && p.length !== 3) || (i === 0 && parts.length > 1 && p.length > 3)))
    return { problem: `separates thousands in an unusual place: write groups of three digits, such as ${example}` };
  if (fraction !== undefined && !/^[0-9]+$/.test(fraction)) return { problem: `is not a number as written here (such as ${example})` };
  if (currency && fraction !== undefined && fraction.length > minorDigits(locale, currency)) return { problem: `has more decimals than ${currency} has cents: at most ${minorDigits(locale, currency)}` };
  const value = Number(`${parts.join('')}${fraction !== undefined ? `.${fraction}` : ''}`);
  if (!Number.isFinite(value)) return { problem: 'is too large' };
  return { value: negative && value !== 0 ? -value : value };
}

/** Whether every occurrence of `mark` is followed by exactly three digits, then another mark or the end. */
function threeDigitGroupsAfter(s: string, mark: string): boolean {
  return s
    .split(mark)
    .slice(1)
    .every((p) => /^[0-9]{3}$/.test(p));
}
