import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, parseLocaleNumber, separators } from './locale-number.js';

const money = (text: string, locale: string, currency = 'EUR') => parseLocaleNumber(text, { locale, currency });

describe('parseLocaleNumber', () => {
  it('reads amounts as people write them in their locale', () => {
    expect(money('5.000', 'de-CH', 'CHF')).toEqual({ value: 5000 });
    expect(money('5’000.50', 'de-CH', 'CHF')).toEqual({ value: 5000.5 });
    expect(money("CHF 12'500", 'de-CH', 'CHF')).toEqual({ value: 12500 });
    expect(money('5.000.000', 'de-CH', 'CHF')).toEqual({ value: 5_000_000 });
    expect(money('5.000', 'de-DE')).toEqual({ value: 5000 });
    expect(money('1.234,56 €', 'de-DE')).toEqual({ value: 1234.56 });
    expect(money('1 234,56', 'fr-FR')).toEqual({ value: 1234.56 });
    expect(money('€12,000', 'en')).toEqual({ value: 12000 });
    expect(money('12,000.5', 'en-GB')).toEqual({ value: 12000.5 });
    expect(money('-300', 'en')).toEqual({ value: -300 });
  });

  it('reads decimals of quantities that are not money', () => {
    expect(parseLocaleNumber('2.5', { locale: 'de-CH' })).toEqual({ value: 2.5 });
    expect(parseLocaleNumber('2,5', { locale: 'de-DE' })).toEqual({ value: 2.5 });
    expect(parseLocaleNumber('5.000', { locale: 'en' })).toEqual({ value: 5 });
  });

  it('refuses what it would have to guess, saying why', () => {
    // "." followed by three digits in English money: 5 or 5,000?
    expect(money('5.000', 'en').problem).toBe('"5.000" could be 5 or 5,000: write the amount without ".", such as 5,000');
    expect(money('5,000', 'de-DE').problem).toContain('could be 5 or 5.000');
    expect(money('about 2k', 'en').problem).toMatch(/^type the number in digits, such as 5,000; words and shorthand/);
    expect(money('2k', 'de-CH', 'CHF').problem).toMatch(/words and shorthand/);
    expect(money('1,2,3', 'en').problem).toMatch(/groups of three digits/);
    expect(money('12.345', 'en-GB', 'GBP').problem).toMatch(/could be/);
    expect(money('12.3456', 'en').problem).toBe('has more decimals than EUR has cents: at most 2');
    expect(money('', 'en').problem).toBe('is empty: type a number');
    expect(money('12,34', 'de-CH', 'CHF').problem).toMatch(/is not used in numbers here/);
  });

  it('reads back every amount Intl formats, in any of these locales', () => {
    const locales = ['en', 'en-GB', 'de-CH', 'de-DE', 'de-AT', 'fr-FR', 'fr-CH', 'it-IT', 'nl-NL', 'es-ES'];
    fc.assert(
      fc.property(fc.constantFrom(...locales), fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 99 }), (locale, whole, cents) => {
        const n = whole + cents / 100;
        const text = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
        expect(money(text, locale)).toEqual({ value: Number(n.toFixed(2)) });
        expect(money(formatMoney(whole, locale, 'EUR'), locale)).toEqual({ value: whole });
      }),
    );
  });

  it('takes the separators from Intl', () => {
    expect(separators('de-DE')).toEqual({ decimal: ',', group: '.' });
    expect(separators('en')).toEqual({ decimal: '.', group: ',' });
  });
});
