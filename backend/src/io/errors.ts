/**
 * An error in an input file, with where it is: the file, the line (1-based, the header is
 * line 1) and the field. Its message reads as one sentence a person can act on.
 */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    readonly problem: string,
  ) {
    super(formatLocation(file, line, field) + problem);
  }
}

function formatLocation(file: string, line: number | null, field: string | null): string {
  const parts = [file];
  if (line !== null) parts.push(`line ${line}`);
  if (field !== null) parts.push(`field "${field}"`);
  return parts.join(', ') + ': ';
}
