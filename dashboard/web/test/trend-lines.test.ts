import { describe, expect, it } from 'vitest';
import type { DistrictHistoryReply } from '../src/lib/contracts.ts';
import { trendLines } from '../src/lib/trends/lines.ts';

const reply = (value: number): DistrictHistoryReply => ({
  measure: 'people',
  from: 0,
  to: 600_000,
  step_ms: 300_000,
  clusters: [
    { cluster: 'taiyuan', points: [[0, value]] },
    { cluster: 'hunhe', points: [[0, value + 1]] },
  ],
  total: [[0, 2 * value + 1]],
});
const names = {
  cluster: (id: string) => id.toUpperCase(),
  total: 'Total',
  weekEarlier: (name: string) => `${name} (last week)`,
};

describe('the trends chart lines', () => {
  it('draws each cluster and the total, and each a week earlier in the same colour when comparing', () => {
    const lines = trendLines(reply(10), reply(5), false, names);
    expect(lines.map((l) => [l.id, l.name, l.weekEarlier])).toEqual([
      ['taiyuan', 'TAIYUAN', false],
      ['hunhe', 'HUNHE', false],
      ['total', 'Total', false],
      ['taiyuan@week', 'TAIYUAN (last week)', true],
      ['hunhe@week', 'HUNHE (last week)', true],
      ['total@week', 'Total (last week)', true],
    ]);
    expect(lines[5]!.points).toEqual([[0, 11]]);
    for (const id of ['taiyuan', 'hunhe', 'total'])
      expect(lines.find((l) => l.id === `${id}@week`)!.color).toBe(lines.find((l) => l.id === id)!.color);
    expect(new Set(lines.slice(0, 3).map((l) => l.color)).size).toBe(3);
  });

  it('leaves the total out for one cluster, and the week-earlier lines out when not comparing', () => {
    expect(trendLines(reply(10), null, true, names).map((l) => l.id)).toEqual(['taiyuan', 'hunhe']);
  });
});
