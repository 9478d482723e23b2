/**
 * Typed errors for malformed input to the statistics module.
 *
 * Malformed input (a level outside the category list, a ragged matrix, fewer than two raters)
 * throws a `RatingsInputError` that says what is wrong and where. Valid but degenerate data
 * (everyone used the same level) is not an error: the measure returns `value: null` with a reason.
 */
export type RatingsInputErrorCode =
  | 'empty'
  | 'ragged'
  | 'unknown_category'
  | 'too_few_raters'
  | 'too_few_categories'
  | 'duplicate_category'
  | 'not_two_raters';

export interface RatingsInputLocation {
  /** zero-based unit (row) index in the ratings matrix */
  unit?: number;
  /** zero-based rater (column) index in the ratings matrix */
  rater?: number;
}

export class RatingsInputError extends Error {
  override readonly name = 'RatingsInputError';
  constructor(
    readonly code: RatingsInputErrorCode,
    message: string,
    readonly where: RatingsInputLocation = {},
  ) {
    super(message);
  }
}
