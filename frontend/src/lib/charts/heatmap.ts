/**
 * Geometry of a q x q heatmap of levels (a confusion or coincidence matrix): one square cell per
 * pair of levels, coloured by count on a sequential scale, with a text colour that stays readable on
 * the fill. Cells that agree (the diagonal) and cells where the readers split are told apart by
 * shape as well as by place: the diagonal is outlined, and every split cell with a count carries a
 * corner mark, so the difference never rests on colour alone.
 */
import { scaleBand, scaleSequential } from 'd3-scale';
import { rampColour, textColourOn } from './format';

export interface HeatmapCell {
  row: number;
  col: number;
  count: number;
  x: number;
  y: number;
  size: number;
  fill: string;
  text: string;
  /** Both chose the same level: the readers agreed. */
  diagonal: boolean;
  /** Off the diagonal with a count: the readers split here. */
  disagree: boolean;
  /** The corner mark of a split cell (SVG polygon points, the cell's top-right corner), null for the others. */
  marker: string | null;
}

export interface HeatmapSummary {
  total: number;
  /** Cells where both levels are the same. */
  diagonal: number;
  /** Row level earlier in the order than the column level (above the diagonal). */
  above: number;
  /** Row level later in the order than the column level (below the diagonal). */
  below: number;
}

export interface HeatmapLayout {
  cells: HeatmapCell[];
  /** Centre of each category's band along both axes. */
  centres: number[];
  bandSize: number;
  max: number;
  summary: HeatmapSummary;
}

/** Throws unless `counts` is a square matrix of non-negative finite numbers with one row per category. */
export function checkSquare(categories: readonly unknown[], counts: readonly (readonly number[])[]): void {
  if (counts.length !== categories.length) {
    throw new Error(`heatmap requires one row of counts per category: ${categories.length} categories, ${counts.length} rows`);
  }
  counts.forEach((row, index) => {
    if (row.length !== categories.length) {
      throw new Error(`heatmap requires ${categories.length} counts in row ${index + 1}, got ${row.length}`);
    }
    if (row.some((count) => !Number.isFinite(count) || count < 0)) {
      throw new Error(`heatmap requires non-negative counts; row ${index + 1} has ${row.join(', ')}`);
    }
  });
}

export function summarise(counts: readonly (readonly number[])[]): HeatmapSummary {
  const summary: HeatmapSummary = { total: 0, diagonal: 0, above: 0, below: 0 };
  counts.forEach((row, r) =>
    row.forEach((count, c) => {
      summary.total += count;
      if (r === c) summary.diagonal += count;
      else if (c > r) summary.above += count;
      else summary.below += count;
    }),
  );
  return summary;
}

/** Cells laid out in a square of side `size` starting at (`left`, `top`). */
export function heatmapLayout(
  categories: readonly string[],
  counts: readonly (readonly number[])[],
  size: number,
  left = 0,
  top = 0,
): HeatmapLayout {
  checkSquare(categories, counts);
  const band = scaleBand<number>()
    .domain(categories.map((_, index) => index))
    .range([0, size])
    .paddingInner(0.04);
  const max = Math.max(0, ...counts.flat());
  // Zero stays the lightest colour; the darkest is reserved for the largest count.
  const colour = scaleSequential((t: number) => rampColour(t)).domain([0, max === 0 ? 1 : max]);
  const cells: HeatmapCell[] = [];
  const side = band.bandwidth();
  const mark = Math.max(6, Math.min(14, side * 0.28));
  counts.forEach((row, r) =>
    row.forEach((count, c) => {
      const fill = colour(count);
      const x = left + (band(c) ?? 0);
      const y = top + (band(r) ?? 0);
      const disagree = r !== c && count > 0;
      cells.push({
        row: r,
        col: c,
        count,
        x,
        y,
        size: side,
        fill,
        text: textColourOn(fill),
        diagonal: r === c,
        disagree,
        marker: disagree ? cornerMark(x, y, side, mark) : null,
      });
    }),
  );
  return {
    cells,
    centres: categories.map((_, index) => (band(index) ?? 0) + band.bandwidth() / 2),
    bandSize: band.bandwidth(),
    max,
    summary: summarise(counts),
  };
}

/** A right triangle of side `mark` in the top-right corner of the cell at (x, y), as SVG polygon points. */
export function cornerMark(x: number, y: number, size: number, mark: number): string {
  const right = x + size;
  const round = (n: number) => Math.round(n * 100) / 100;
  return [
    [right - mark, y],
    [right, y],
    [right, y + mark],
  ]
    .map(([px, py]) => `${round(px!)},${round(py!)}`)
    .join(' ');
}

/** What a cell says when pointed at: "Reader A Developing, Reader B Proficient: 9 submissions, a split". */
export function cellLabel(cell: Pick<HeatmapCell, 'count' | 'diagonal'>, rowName: string, colName: string, rowTitle: string, colTitle: string): string {
  const what = cell.diagonal ? 'the same level' : cell.count > 0 ? 'a split' : 'no split';
  return `${rowTitle} ${rowName}, ${colTitle} ${colName}: ${cell.count} submission${cell.count === 1 ? '' : 's'}, ${what}`;
}
