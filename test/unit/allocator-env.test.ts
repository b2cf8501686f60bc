import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALLOCATOR_ENV } from '../../src/config/allocator-env.ts';

// glibc reads these only when a process starts, so the scripts that start the server must set
// them on its command line; the benchmark takes them from ALLOCATOR_ENV itself.
const { scripts } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { scripts: Record<string, string> };

describe('the allocator settings the server starts with', () => {
  it.each(['start', 'dev'])('are set by npm run %s', (script) => {
    for (const [name, value] of Object.entries(ALLOCATOR_ENV)) {
      expect(scripts[script]).toMatch(new RegExp(`(^| )${name}=${value} `));
    }
  });
});
