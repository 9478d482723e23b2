/**
 * Query-string edits for views that keep their state in the URL (`?row=`, `?sort=`, `?from=&to=`),
 * so a selection survives a reload and can be linked to. Pure.
 */

/** `withQuery('/a', '?row=x&sort=agreement', { row: null, page: 2 })` -> `/a?sort=agreement&page=2`. */
export function withQuery(pathname: string, search: string, changes: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') params.delete(name);
    else params.set(name, String(value));
  }
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ''}`;
}

/** `?page=3` -> 3; anything that is not a whole number from 1 up -> null. */
export function wholeNumberParam(value: string | null): number | null {
  if (value === null || !/^[1-9][0-9]{0,8}$/.test(value)) return null;
  return Number(value);
}
