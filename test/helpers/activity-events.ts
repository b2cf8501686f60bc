import type { NewActivityEvent } from '../../src/store/activity-store.ts';
import { blankActivityEvent } from '../../src/activity/activity-events.ts';

/** An activity event as the chat would record it: a passed prompt unless told otherwise. */
export function anActivityEvent(overrides: Partial<NewActivityEvent> = {}): NewActivityEvent {
  return { ...blankActivityEvent('prompt', Math.floor(Date.now() / 1000)), ...overrides };
}
