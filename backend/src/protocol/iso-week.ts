import { InvalidError } from './errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The ISO 8601 week of a moment (UTC), as `2026-W48`: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new InvalidError('time', 'must be an ISO 8601 time');
  const date = new Date(time);
  const day = (date.getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day + 3));
  const year = thursday.getUTCFullYear();
  // the week's Thursday decides its year; its day of that year decides the week
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The first moment of an ISO week and of the next (UTC, ISO 8601): [start, end). InvalidError for a malformed week. */
export function isoWeekBounds(week: string): [string, string] {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new InvalidError('week', 'must be an ISO week such as 2026-W48');
  const [year, number] = [Number(match[1]), Number(match[2])];
  const january4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = january4.getTime() - ((january4.getUTCDay() + 6) % 7) * DAY_MS;
  const start = mondayOfWeek1 + (number - 1) * 7 * DAY_MS;
  if (number < 1 || number > 53 || isoWeek(new Date(start).toISOString()) !== week) throw new InvalidError('week', `${week} is not a week of ${year}`);
  return [new Date(start).toISOString(), new Date(start + 7 * DAY_MS).toISOString()];
}
