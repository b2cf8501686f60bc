/** Time source injected everywhere time matters, so tests can move it instead of faking timers. */
export interface Clock {
  /** Current time in whole seconds since the Unix epoch. */
  nowSeconds(): number;
}

export const systemClock: Clock = {
  nowSeconds: () => Math.floor(Date.now() / 1000),
};
