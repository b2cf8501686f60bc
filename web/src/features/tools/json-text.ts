// JSON as the console shows and reads it: tool arguments typed by the admin, results shown back.

/** The text pretty-printed when it is JSON, else as it is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Arguments typed as JSON: an object, or why it is not one. */
export function parseArguments(
  text: string,
): { value: Record<string, unknown> } | { error: string } {
  if (text.trim() === '') {
    return { value: {} };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      error: `This is not JSON (${(error as Error).message}). Write an object, such as {"city": "Oslo"}.`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'Write a JSON object, such as {"city": "Oslo"}: one member per parameter.' };
  }
  return { value: value as Record<string, unknown> };
}
