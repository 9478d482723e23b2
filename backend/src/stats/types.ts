/** A rating level: a rubric row's level label or number. */
export type Category = string | number;

/** Units (submissions) x raters (assessors); `null` means the rater did not rate that unit. */
export type RatingsMatrix = ReadonlyArray<ReadonlyArray<Category | null>>;

/** Level of measurement of a rubric row. */
export type Scale = 'nominal' | 'ordinal';

/**
 * One coefficient with its precision. `value` is null (with a `reason`) when the
 * coefficient is undefined on valid data, never NaN.
 */
export interface Estimate {
  value: number | null;
  se: number | null;
  ci: [number, number] | null;
  /** standard error under H0 (coefficient = 0), where a z test is customary */
  se_null?: number | null;
  /** how `se` and `ci` were obtained when it is not the analytic default */
  method?: string;
  reason?: string;
}

export function undefinedEstimate(reason: string): Estimate {
  return { value: null, se: null, ci: null, reason };
}
