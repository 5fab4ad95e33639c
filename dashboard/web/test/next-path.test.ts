import { describe, expect, it } from 'vitest';
import { loginPathFor, safeNextPath } from '../src/lib/next-path.ts';

const ORIGIN = 'https://louyu.example';

describe('the login page sends a user back where they came from, and only there', () => {
  it('keeps a path with its query string', () => {
    expect(safeNextPath('/buildings?cluster=taiyuan&alarms=1', ORIGIN)).toBe(
      '/buildings?cluster=taiyuan&alarms=1',
    );
    expect(safeNextPath('/alarms', ORIGIN)).toBe('/alarms');
  });

  it('refuses another host, however it is written', () => {
    for (const next of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      ' /x',
    ])
      expect(safeNextPath(next, ORIGIN), next).toBe('/');
  });

  it('never returns to the login page itself, and falls back to the home page', () => {
    expect(safeNextPath('/login?next=/alarms', ORIGIN)).toBe('/');
    expect(safeNextPath(null, ORIGIN)).toBe('/');
    expect(safeNextPath('', ORIGIN)).toBe('/');
  });

  it('the login address carries the page and its query string', () => {
    const to = loginPathFor('/buildings?q=tower');
    expect(to).toBe('/login?next=%2Fbuildings%3Fq%3Dtower');
    expect(safeNextPath(new URLSearchParams(to.split('?')[1]).get('next'), ORIGIN)).toBe(
      '/buildings?q=tower',
    );
    expect(loginPathFor('/')).toBe('/login');
  });
});
