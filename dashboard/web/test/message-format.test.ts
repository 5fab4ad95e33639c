import { describe, expect, it } from 'vitest';
import { formatMessage } from '../src/lib/i18n/message.ts';
import { en } from '../src/lib/i18n/en.ts';
import { zh } from '../src/lib/i18n/zh.ts';

// Issue 16, item 11: "1 buildings", "1 people / 321 people", "4,227k m²" in English.
describe('the dashboard message format', () => {
  it('picks the English plural form with Intl.PluralRules', () => {
    const people = en['unit.people'];
    expect(formatMessage(people, { n: 1 }, 'en-GB')).toBe('1 person');
    expect(formatMessage(people, { n: 321 }, 'en-GB')).toBe('321 people');
    expect(formatMessage(people, { n: 0 }, 'en-GB')).toBe('0 people');
    expect(formatMessage(people, { n: 1.5 }, 'en-GB')).toBe('1.5 people');
    expect(formatMessage(en['unit.buildings'], { n: 1 }, 'en-GB')).toBe('1 building');
    expect(formatMessage(en['unit.buildings'], { n: 89 }, 'en-GB')).toBe('89 buildings');
    expect(formatMessage(en['list.count'], { count: 1 }, 'en-GB')).toBe('1 building');
    expect(formatMessage(en['unit.lifts'], { n: 1 }, 'en-GB')).toBe('1 lift');
  });

  it('writes numbers with the language grouping, in # and in placeholders', () => {
    expect(formatMessage(en['unit.people'], { n: 203_591 }, 'en-GB')).toBe('203,591 people');
    expect(formatMessage(en['unit.area_large'], { n: 4_227 }, 'en-GB')).toBe('4,227 thousand m²');
    expect(formatMessage(zh['unit.people'], { n: 203_591 }, 'zh-CN')).toBe('203,591 人');
    expect(formatMessage(zh['unit.area_large'], { n: 422.7 }, 'zh-CN')).toBe('422.7 万m²');
  });

  it('has one form in Chinese, and leaves unknown placeholders and plain text alone', () => {
    expect(formatMessage(zh['unit.buildings'], { n: 1 }, 'zh-CN')).toBe('1 座');
    expect(formatMessage('{a} and {b}', { a: 'x' }, 'en-GB')).toBe('x and {b}');
    expect(formatMessage('no params {x}', undefined, 'en-GB')).toBe('no params {x}');
  });

  it('takes exact matches before plural categories, and placeholders inside a branch', () => {
    const text = '{count, plural, =0 {no alarms} one {# alarm in {where}} other {# alarms in {where}}}!';
    expect(formatMessage(text, { count: 0, where: 'A' }, 'en-GB')).toBe('no alarms!');
    expect(formatMessage(text, { count: 1, where: 'A' }, 'en-GB')).toBe('1 alarm in A!');
    expect(formatMessage(text, { count: 1_000, where: 'B' }, 'en-GB')).toBe('1,000 alarms in B!');
  });

  it('gives every counted English unit a singular and a plural form', () => {
    for (const key of [
      'people',
      'cars',
      'spaces',
      'lifts',
      'buildings',
      'tenants',
      'floors',
      'workdays',
    ] as const) {
      const text = en[`unit.${key}`];
      expect(formatMessage(text, { n: 1 }, 'en-GB')).not.toBe(
        formatMessage(text, { n: 2 }, 'en-GB').replace('2', '1'),
      );
    }
  });
});
