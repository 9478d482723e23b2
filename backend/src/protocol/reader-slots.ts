/**
 * The label shown for a reader slot: 1 -> 'A', 2 -> 'B', ..., 26 -> 'Z', 27 -> 'AA'.
 * Assessors are shown to adjudicators and in reports by slot, never by name.
 *
 * @example readerLabel(2) // 'B'
 */
export function readerLabel(slot: number): string {
  if (!Number.isInteger(slot) || slot < 1) throw new RangeError(`a reader slot is a whole number from 1, not ${slot}`);
  let label = '';
  let remaining = slot;
  while (remaining > 0) {
    const offset = (remaining - 1) % 26;
    label = String.fromCharCode(65 + offset) + label;
    remaining = Math.floor((remaining - 1) / 26);
  }
  return label;
}
