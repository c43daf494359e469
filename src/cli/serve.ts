// `traction serve`: the HTTP API and the dashboard on one port, over the workspace's store
// (or TRACTION_DATABASE_URL). Human lines go to stderr; stdout carries the JSON logs.
import path from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import { startServer, stopOnSignals } from '../server/server.js';
import { asStoreUnavailable, describeLocation, openStore, storeLocation } from '../store/store.js';
import type { RegisterCommand } from './commands.js';
import { CliError, EXIT } from './output.js';

export const registerServe: RegisterCommand = (program, context) => {
  program
    .command('serve')
    .description('run the API and the dashboard (first start creates an admin and prints its one-time password)')
    .addOption(new Option('-p, --port <port>', 'port to listen on (0 picks a free one)').default('4600').argParser(parsePort))
    .option('--host <address>', 'address to listen on; 0.0.0.0 for all interfaces', '127.0.0.1')
    .action(async (opts: { port: number; host: string }) => {
      const ctx = context();
      const root = path.resolve(ctx.workspaceDir);
      const store = await openStore(storeLocation(root, ctx.env.TRACTION_DATABASE_URL));
      let server;
      try {
        server = await startServer({ store, env: ctx.env, port: opts.port, host: opts.host, workspaceRoot: root });
      } catch (e) {
        await store.close();
        const code = (e as { code?: string }).code;
        if (code === 'EADDRINUSE') throw new CliError(`port ${opts.port} on ${opts.host} is in use; pick another with --port`);
        throw asStoreUnavailable(store.location, e);
      }
      const { admin } = server;
      ctx.out.info(`store: ${describeLocation(store.location)}`);
      if (admin.created && admin.oneTimePassword)
        ctx.out.info(`created the admin account "${admin.username}" with the one-time password ${admin.oneTimePassword} (shown only now; change it at first login)`);
      else if (admin.created) ctx.out.info(`created the admin account "${admin.username}" with the password from TRACTION_ADMIN_PASSWORD`);
      ctx.out.info(`Traction is running at ${server.url} (API docs: ${server.url}/api/docs); Ctrl-C stops it`);
      stopOnSignals(server, () => process.exit(EXIT.failed));
      await server.stopped;
      ctx.out.info('stopped');
    });
};

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return n;
}
