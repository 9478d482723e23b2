import { Injectable } from '@nestjs/common';

/** The time, handed to services so tests can fix it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** The current time as an ISO 8601 UTC string, the form timestamps are stored in. */
  isoNow(): string {
    return this.now().toISOString();
  }
}

/** A clock that stays where it is set; for tests. */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.current.getTime());
  }

  set(to: Date): void {
    this.current = new Date(to.getTime());
  }

  advanceHours(hours: number): void {
    this.current = new Date(this.current.getTime() + hours * 3_600_000);
  }
}
