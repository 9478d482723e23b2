/**
 * Number formatting and colour helpers shared by the charts. Pure: no DOM, no Svelte.
 */
import { scaleLinear } from 'd3-scale';

/** Shown where a measure has no value (kappa undefined when everyone chose the same level). */
export const NO_VALUE = '–';

/** 0.8123 -> "81%", with `digits` decimals; null, undefined and NaN -> "–". */
export function formatPercent(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  const scaled = value * 100;
  const rounded = scaled.toFixed(digits);
  return `${rounded === '-0' || /^-0\.0+$/.test(rounded) ? rounded.slice(1) : rounded}%`;
}

/** 0.8123 -> "0.81"; signed when asked ("+0.12", "−0.30" with a true minus sign). */
export function formatNumber(value: number | null | undefined, digits = 2, signed = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  const text = Math.abs(value).toFixed(digits);
  const isZero = Number(text) === 0;
  if (value < 0 && !isZero) return `\u2212${text}`;
  return signed && !isZero ? `+${text}` : text;
}

/** Keeps a number inside [low, high]. */
export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Light to dark blue: the sequential ramp every heatmap uses (light = few, dark = many). */
export const RAMP_STOPS = ['#f3f7fb', '#c6dbef', '#6baed6', '#2171b5', '#08306b'] as const;

/** t in [0, 1] -> a colour on the ramp, interpolated by d3 (an `rgb(r, g, b)` string). */
export const rampColour = scaleLinear<string>()
  .domain(RAMP_STOPS.map((_, index) => index / (RAMP_STOPS.length - 1)))
  .range([...RAMP_STOPS])
  .clamp(true);

/** `#rrggbb`, `#rgb` or `rgb(r, g, b)` -> [r, g, b] in 0..255; throws on anything else. */
export function parseColour(colour: string): [number, number, number] {
  const hex = colour.trim().match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
  if (hex) {
    const digits = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d).join('') : hex[1]!;
    return [0, 2, 4].map((start) => parseInt(digits.slice(start, start + 2), 16)) as [number, number, number];
  }
  const rgb = colour.trim().match(/^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`parseColour(colour) does not understand "${colour}"`);
}

/** WCAG 2 relative luminance of a colour. */
export function relativeLuminance(colour: string): number {
  const [r, g, b] = parseColour(colour).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio between two colours, from 1 to 21. */
export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/**
 * Pure black, not the page's near-black: any continuous ramp passes the luminance where dark and
 * white text are equally readable, and only black keeps 4.5:1 there (near-black gives 4.2:1).
 */
export const DARK_TEXT = '#000000';
export const LIGHT_TEXT = '#ffffff';

/** The text colour (dark or white) with the higher contrast on this fill. */
export function textColourOn(fill: string): string {
  return contrastRatio(fill, DARK_TEXT) >= contrastRatio(fill, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
}

/** Shortens a label to at most `max` characters, ending with an ellipsis when cut. */
export function truncateLabel(label: string, max: number): string {
  if (max < 2) throw new Error(`truncateLabel(label, max) requires max of at least 2, got ${max}`);
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
