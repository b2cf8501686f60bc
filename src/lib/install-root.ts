import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding the server's package.json. Files the server reads beside its code (the web
 * app's build, the scanners' data, the extraction worker) are found from here: in the bundle
 * `npm start` runs (dist/), every module shares the bundle's URL, not its source file's.
 */
export const INSTALL_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** False when the server runs from its TypeScript sources (tsx, vitest). */
export const RUNS_BUNDLED = !import.meta.url.endsWith('.ts');

export function installPath(...parts: string[]): string {
  return join(INSTALL_ROOT, ...parts);
}

function findPackageRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) {
      return folder;
    }
    if (dirname(folder) === folder) {
      throw new Error(`No package.json above ${start}: run the server from its installation`);
    }
  }
}
