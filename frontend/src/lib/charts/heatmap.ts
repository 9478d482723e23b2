/**
 * Geometry of a q x q heatmap of levels (a confusion or coincidence matrix): one square cell per
 * pair of levels, coloured by count on a sequential scale, with a text colour that stays readable on
 * the fill, and the diagonal (agreement) marked.
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
  diagonal: boolean;
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
  counts.forEach((row, r) =>
    row.forEach((count, c) => {
      const fill = colour(count);
      cells.push({
        row: r,
        col: c,
        count,
        x: left + (band(c) ?? 0),
        y: top + (band(r) ?? 0),
        size: band.bandwidth(),
        fill,
        text: textColourOn(fill),
        diagonal: r === c,
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
