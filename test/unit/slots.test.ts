import { describe, expect, it } from 'vitest';
import { createSlots } from '../../src/lib/slots.ts';

// The extraction pool's admission: so many documents read at once, so many more in line, the
// rest refused at once (503), never queued without bound.

describe('createSlots', () => {
  it('gives the free slots at once, queues up to the line, and refuses beyond it', async () => {
    const slots = createSlots(2, 1);

    expect(await slots.acquire()).toBe(true);
    expect(await slots.acquire()).toBe(true);
    const third = slots.acquire();
    expect(await slots.acquire()).toBe(false);

    slots.release();
    expect(await third).toBe(true);
  });

  it('serves the line first come first served, and hands a released slot to it', async () => {
    const slots = createSlots(1, 2);
    await slots.acquire();
    const order: string[] = [];
    const first = slots.acquire().then(() => order.push('first'));
    const second = slots.acquire().then(() => order.push('second'));

    slots.release();
    await first;
    // Handed over, not freed: a newcomer finds the slot taken and the line has room again.
    const newcomer = slots.acquire().then(() => order.push('newcomer'));
    slots.release();
    await second;
    slots.release();
    await newcomer;

    expect(order).toEqual(['first', 'second', 'newcomer']);
  });

  it('frees a slot when nobody waits', async () => {
    const slots = createSlots(1, 0);
    await slots.acquire();
    slots.release();
    expect(await slots.acquire()).toBe(true);
  });

  it('fails every caller in line on rejectWaiting', async () => {
    const slots = createSlots(1, 2);
    await slots.acquire();
    const waiting = [slots.acquire(), slots.acquire()];

    slots.rejectWaiting(new Error('closing'));

    for (const caller of waiting) {
      await expect(caller).rejects.toThrow('closing');
    }
  });
});
