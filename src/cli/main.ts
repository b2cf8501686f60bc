import { runCli } from './program.ts';

// The `airisk` process: the command line, environment and streams of the process itself.
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
if (code !== 0) {
  process.exit(code);
}
