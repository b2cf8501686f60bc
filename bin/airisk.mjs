#!/usr/bin/env node
// The `airisk` command (package.json "bin"; `npm link` puts it on the PATH): the admin CLI,
// bundled into dist/ by `npm run build` (`npm ci` runs it).
import '../dist/cli.js';
