/**
 * GetCurrencyFormatW's formatting (coredll/numfmt.ts), the call solitare.exe makes for its Vegas score:
 * the en-US locale settings, and the 16 negative / 4 positive orders of the Win32 CURRENCYFMT
 * documentation (Wine's GetCurrencyFormat tests use the same strings for "-1" with one digit).
 */
import { describe, it, expect } from 'vitest';
import { formatCurrency } from '../../emulator/dlls/coredll/numfmt.js';

const enUS = { digits: 2, leadingZero: true, grouping: 3, decimal: '.', thousand: ',', negative: 0, positive: 0, symbol: '$' };

describe('GetCurrencyFormatW formatting', () => {
  it('en-US: "$1,234.50", "($1,234.50)", rounding half away from zero, a leading zero', () => {
    expect(formatCurrency('1234.5', enUS)).toBe('$1,234.50');
    expect(formatCurrency('-1234.5', enUS)).toBe('($1,234.50)');
    expect(formatCurrency('2353.119', enUS)).toBe('$2,353.12');
    expect(formatCurrency('.5', enUS)).toBe('$0.50');
    expect(formatCurrency('-52', enUS)).toBe('($52.00)');
    expect(formatCurrency('1-2', enUS)).toBeUndefined();
    expect(formatCurrency('', enUS)).toBeUndefined();
  });

  it('the negative and positive orders', () => {
    const f = { ...enUS, digits: 1, leadingZero: false, grouping: 0 };
    const neg = Array.from({ length: 16 }, (_, negative) => formatCurrency('-1', { ...f, negative }));
    expect(neg).toEqual([
      '($1.0)',
      '-$1.0',
      '$-1.0',
      '$1.0-',
      '(1.0$)',
      '-1.0$',
      '1.0-$',
      '1.0$-',
      '-1.0 $',
      '-$ 1.0',
      '1.0 $-',
      '$ 1.0-',
      '$ -1.0',
      '1.0- $',
      '($ 1.0)',
      '(1.0 $)',
    ]);
    expect([0, 1, 2, 3].map((positive) => formatCurrency('1', { ...f, positive }))).toEqual(['$1.0', '1.0$', '$ 1.0', '1.0 $']);
  });
});
