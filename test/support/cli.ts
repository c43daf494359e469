// Runs the CLI in-process and captures what it prints.
import { runCli } from '../../src/cli/run-cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const streams = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  };
  const base = { ...process.env };
  delete base.TRACTION_DATABASE_URL;
  const code = await runCli(args, streams, { ...base, NO_COLOR: '1', ...env });
  return { code, stdout, stderr };
}
