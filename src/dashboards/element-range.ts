import { ValidationError } from '../lib/errors.ts';
import { dayOf } from '../vocabulary/activity.ts';
import { MAX_RANGE_DAYS } from '../vocabulary/dashboards.ts';

const DEFAULT_DAYS = 30;
const SECONDS_PER_DAY = 86_400;

export interface DayRange {
  fromDay: number;
  toDay: number;
}

export interface RangeInput {
  since?: string | undefined;
  until?: string | undefined;
  lastDays?: number | undefined;
}

/** An element's whole UTC days: since/until, or the last N days up to today. */
export function dayRange(input: RangeInput | undefined, nowSeconds: number): DayRange {
  const today = dayOf(nowSeconds);
  if (input?.lastDays !== undefined && (input.since !== undefined || input.until !== undefined)) {
    throw new ValidationError('range: give either lastDays or since/until, not both');
  }
  const toDay = input?.until === undefined ? today : dayOfDate(input.until);
  const fromDay =
    input?.since === undefined
      ? toDay - (input?.lastDays ?? DEFAULT_DAYS) + 1
      : dayOfDate(input.since);
  if (fromDay > toDay) {
    throw new ValidationError('range: since must not be after until');
  }
  if (toDay - fromDay + 1 > MAX_RANGE_DAYS) {
    throw new ValidationError(`range: at most ${MAX_RANGE_DAYS} days`);
  }
  return { fromDay, toDay };
}

function dayOfDate(date: string): number {
  return dayOf(Date.parse(`${date}T00:00:00Z`) / 1000);
}

/** A UTC day as the API writes dates: `2026-11-27`. */
export function dateOfDay(day: number): string {
  return new Date(day * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
}
