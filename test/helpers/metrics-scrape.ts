import { expect } from 'vitest';
import type { HasApp } from './oauth-flow.ts';

// GET /metrics read as Prometheus reads it: the samples of a scrape, with their labels.

export function scrapeResponse(t: HasApp, authorization?: string) {
  return t.app.inject({
    url: '/metrics',
    headers: authorization === undefined ? {} : { authorization },
  });
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of a scrape with the token, labels unescaped (Prometheus text format 0.0.4). */
export async function scrape(
  t: HasApp,
  token: string,
): Promise<{ text: string; samples: Sample[] }> {
  const response = await scrapeResponse(t, `Bearer ${token}`);
  expect(response.statusCode, response.body).toBe(200);
  const text = response.body;
  const samples = text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      expect(match, line).not.toBeNull();
      const [, name = '', labelText = '', value = ''] = match!;
      const labels = Object.fromEntries(
        [...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key = '', raw = '']) => [
          key,
          raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)),
        ]),
      );
      return { name, labels, value: Number(value) };
    });
  return { text, samples };
}

/** The sum of the samples of `name` whose labels include `labels`; 0 when there are none. */
export function total(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  return samples
    .filter((s) => s.name === name)
    .filter((s) => Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);
}

export const has = (samples: Sample[], name: string) => samples.some((s) => s.name === name);
