/**
 * Who recorded a conflict of interest: an admin's record stays until an admin removes it, whatever
 * the person later declares. The same on both engines but for the boolean default. Used by
 * `ConflictRecorders1765600000000` of each engine; never change its output.
 */
export function separationSchema(engine: 'sqlite' | 'postgres'): string[] {
  const falseDefault = engine === 'sqlite' ? 'DEFAULT (0)' : 'DEFAULT false';
  return [`ALTER TABLE "conflicts_of_interest" ADD COLUMN "recorded_by_admin" boolean NOT NULL ${falseDefault}`];
}
