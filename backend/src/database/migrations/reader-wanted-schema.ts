/**
 * An open assignment whose reader can no longer score it (disabled, no longer an assessor,
 * certification removed or queue paused, or recused) and that nobody eligible could take: when it
 * began waiting for a reader, so that the window's status counts it. The same on both engines.
 * Used by `ReaderWanted1765700000000` of each engine; never change its output.
 */
export function readerWantedSchema(): string[] {
  return ['ALTER TABLE "assignments" ADD COLUMN "awaiting_reader_since" text'];
}
