/** A fixed number of slots, with a bounded line of callers waiting for one, first come first served. */
export interface Slots {
  /**
   * Resolves to true once a slot is the caller's (to be given back with release), or at once to
   * false when every slot and every place in line is taken.
   */
  acquire(): Promise<boolean>;
  release(): void;
  /** Fails every caller still in line with `error`. */
  rejectWaiting(error: Error): void;
}

export function createSlots(size: number, line: number): Slots {
  let taken = 0;
  const waiting: { resolve: (acquired: boolean) => void; reject: (error: Error) => void }[] = [];
  return {
    async acquire() {
      if (taken < size) {
        taken += 1;
        return true;
      }
      if (waiting.length >= line) {
        return false;
      }
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    release() {
      const next = waiting.shift();
      if (next) {
        // The slot passes straight to the next in line, so no newcomer can take it first.
        next.resolve(true);
      } else {
        taken -= 1;
      }
    },
    rejectWaiting(error) {
      for (const caller of waiting.splice(0)) {
        caller.reject(error);
      }
    },
  };
}
