import type { Category, Scale } from '../stats/index.js';

/** A rubric row's levels as read from a file or flag, with the scale they are on. */
export interface LevelSpec {
  categories: Category[];
  scale: Scale;
}

/** Parses a level as a number when it is one ("3", "2.5"), so numeric rubrics sort and space by value. */
export function asNumber(level: string): number | null {
  const trimmed = level.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

/** Category values for a list of level labels: numbers when every label is numeric, else the labels. */
export function categoriesFromLabels(labels: readonly string[]): Category[] {
  const numbers = labels.map(asNumber);
  return numbers.every((n) => n !== null) ? (numbers as number[]) : labels.map((l) => l.trim());
}

/** The key under which a level label is looked up: numeric labels compare by value ("3" = "3.0"). */
export function levelKey(label: string): string {
  const n = asNumber(label);
  return n === null ? label.trim() : `#${n}`;
}

export function categoryKey(category: Category): string {
  return typeof category === 'number' ? `#${category}` : levelKey(category);
}
