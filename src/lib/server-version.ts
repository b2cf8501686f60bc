import { readFileSync } from 'node:fs';
import { installPath } from './install-root.ts';

/** This server's version, package.json's: in `/healthz`, `airisk --version` and upgrade errors. */
export const SERVER_VERSION = (
  JSON.parse(readFileSync(installPath('package.json'), 'utf8')) as { version: string }
).version;
