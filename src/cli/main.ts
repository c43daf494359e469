// Entry point of the `traction` binary (bin/traction.js imports this file).
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
