// The squarified treemap layout (Bruls, Huizing and van Wijk, 2000): items
// in rows along the shorter side, a row growing while that makes its worst
// aspect ratio no worse. Ours rather than d3-hierarchy's: the worker sends
// a bounded tree of a few hundred items a level, and these forty lines
// spare every checkout a dependency.

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Tiles r with one rectangle per value, each of area proportional to its
 * value; values must be sorted largest first. Values of 0 (or less) get
 * empty rectangles; the others tile r exactly. */
export function squarify(values: number[], r: Rect): Rect[] {
  const out: Rect[] = values.map(() => ({ x: r.x, y: r.y, w: 0, h: 0 }));
  let n = values.length;
  while (n > 0 && !(values[n - 1] > 0)) n--;
  let total = 0;
  for (let i = 0; i < n; i++) total += values[i];
  if (total <= 0 || r.w <= 0 || r.h <= 0) return out;
  let { x, y, w, h } = r;
  const scale = (w * h) / total;
  for (let i = 0; i < n; ) {
    const side = Math.min(w, h);
    const big = values[i] * scale;
    let sum = 0;
    let best = Infinity;
    let j = i;
    for (; j < n; j++) {
      const s = sum + values[j] * scale;
      const small = values[j] * scale;
      const worst = Math.max((side * side * big) / (s * s), (s * s) / (side * side * small));
      if (worst > best) break;
      best = worst;
      sum = s;
    }
    // The last row takes what is left, so rounding leaves no gap.
    const thick = j === n ? (w >= h ? w : h) : sum / side;
    let at = 0;
    for (let k = i; k < j; k++) {
      const len = k === j - 1 ? side - at : (values[k] * scale) / thick;
      out[k] = w >= h ? { x, y: y + at, w: thick, h: len } : { x: x + at, y, w: len, h: thick };
      at += len;
    }
    if (w >= h) (x += thick), (w -= thick);
    else (y += thick), (h -= thick);
    i = j;
  }
  return out;
}
