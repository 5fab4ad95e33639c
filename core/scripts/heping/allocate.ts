/**
 * Split an integer total over weights so the parts are integers that add up to the total exactly
 * (largest remainder; ties go to the earlier index, so the result is deterministic).
 */
export function allocate(total: number, weights: readonly number[], caps?: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  if (!(sum > 0)) throw new Error(`cannot allocate ${total} over weights that sum to ${sum}`);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map((x, i) => Math.min(Math.floor(x), caps?.[i] ?? Infinity));
  let left = total - parts.reduce((a, p) => a + p, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  while (left > 0) {
    let placed = false;
    for (const { i } of order) {
      if (left === 0) break;
      if ((parts[i] ?? 0) < (caps?.[i] ?? Infinity)) {
        parts[i] = (parts[i] ?? 0) + 1;
        left -= 1;
        placed = true;
      }
    }
    if (!placed) throw new Error(`cannot allocate ${total}: every part is at its cap`);
  }
  return parts;
}

/**
 * Integer matrix with the given row and column sums (rows: buildings, columns: industries), as close as
 * possible to `seed`: iterative proportional fitting, then column-by-column rounding within what each row
 * still has room for. The last column takes each row's remainder, so rows add up exactly; columns add up
 * exactly when the margins agree (sum of rows = sum of columns).
 */
export function fitMatrix(
  seed: readonly number[][],
  rowSums: readonly number[],
  colSums: readonly number[],
): number[][] {
  const x = seed.map((row) => [...row]);
  for (let iteration = 0; iteration < 200; iteration++) {
    x.forEach((row, r) => {
      const s = row.reduce((a, v) => a + v, 0);
      const target = rowSums[r] ?? 0;
      row.forEach((v, c) => (row[c] = s > 0 ? (v * target) / s : 0));
    });
    colSums.forEach((target, c) => {
      const s = x.reduce((a, row) => a + (row[c] ?? 0), 0);
      x.forEach((row) => (row[c] = s > 0 ? ((row[c] ?? 0) * target) / s : 0));
    });
  }
  const room = [...rowSums];
  const out = x.map((row) => row.map(() => 0));
  const last = colSums.length - 1;
  // Smallest columns first: they have the least slack, so they get first pick of each row's room.
  const order = colSums
    .map((total, c) => ({ total, c }))
    .filter(({ c }) => c !== last)
    .sort((a, b) => a.total - b.total || a.c - b.c);
  for (const { total, c } of order) {
    const parts = allocate(
      total,
      x.map((row) => row[c] ?? 0),
      room,
    );
    parts.forEach((p, r) => {
      (out[r] as number[])[c] = p;
      room[r] = (room[r] ?? 0) - p;
    });
  }
  room.forEach((rest, r) => ((out[r] as number[])[last] = rest));
  return out;
}
