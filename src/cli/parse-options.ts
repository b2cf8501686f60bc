/** Commander argument parsers shared by the commands. */

/** For repeatable options: each occurrence adds one value. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/** Digits only; anything else becomes NaN, which the domain's checks reject by name. */
export const wholeNumber = (value: string): number =>
  /^\d+$/.test(value) ? Number(value) : Number.NaN;
