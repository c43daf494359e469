// The command manifest (src/cli/commands.ts): each entry says what its file registers, help
// comes from the manifest alone, and a command loads its own file only.
import { Command, Help } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_MANIFEST } from '../src/cli/commands.js';
import { commandNamed } from '../src/cli/run-cli.js';
import { cli } from './support/cli.js';

describe('command manifest', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(COMMAND_MANIFEST.map((e) => [e.name, e] as const))('%s: name, summary and help term match what its file registers', async (_name, entry) => {
    const program = new Command('traction');
    (await entry.load())(program, () => { throw new Error('not run'); }, () => undefined);
    expect(program.commands.map((c) => c.name())).toEqual([entry.name]);
    const registered = program.commands[0]!;
    expect(registered.description()).toBe(entry.summary);
    expect(new Help().subcommandTerm(registered)).toBe(entry.term);
  });

  it('prints help without loading any command, and loads only the command named', async () => {
    const loads = COMMAND_MANIFEST.map((e) => vi.spyOn(e, 'load'));
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const e of COMMAND_MANIFEST) expect(help.stdout).toContain(e.summary.slice(0, 20));
    expect(loads.filter((l) => l.mock.calls.length > 0)).toEqual([]);

    const status = await cli(['-w', '/nowhere', 'status', '--help']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Usage: traction status');
    const loaded = COMMAND_MANIFEST.filter((_, i) => loads[i]!.mock.calls.length > 0).map((e) => e.name);
    expect(loaded).toEqual(['status']);
  });

  it('finds the command past global options, and through `help`', () => {
    expect(commandNamed(['--json', '-w', 'apply', 'status'])?.name).toBe('status'); // "apply" is -w's value
    expect(commandNamed(['--workspace', 'x', 'pull'])?.name).toBe('pull');
    expect(commandNamed(['help', 'export'])?.name).toBe('export');
    expect(commandNamed(['--help'])).toBeUndefined();
    expect(commandNamed(['stauts'])).toBeUndefined();
  });

  it('a mistyped command is a usage error with a suggestion', async () => {
    const r = await cli(['stauts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean status?');
  });
});
