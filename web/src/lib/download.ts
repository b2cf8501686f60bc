import { ApiError } from './api.ts';

/**
 * Hands a file answer (an export) to the browser to save: the name its Content-Disposition gives,
 * else `fallbackName`. An answer that is not a success is an ApiError with its problem details.
 * Returns the file's name.
 */
export async function saveAnswerAsFile(response: Response, fallbackName: string): Promise<string> {
  if (!response.ok) {
    const problem = (await response.json().catch(() => undefined)) as ApiError['problem'];
    throw new ApiError(response.status, problem);
  }
  const filename =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
    fallbackName;
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // After the click has handed the file to the browser.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return filename;
}
