/**
 * `bin/embedded-temporal`: the Temporal CLI's `server start-dev` or the Temporal test server's
 * `<port>` form, so `@temporalio/testing` can launch us as it launches the real executables.
 */
import { ArgsError, parseServerArgs, USAGE, type ServerArgs } from './cli-args';
import { createVirtualClock } from './clock';
import { startTemporalServer } from './index';
import { startUiStub } from './ui-stub';

/** Convention: configuration errors are one line on stderr and exit code 1, no stack trace. */
function fail(message: string): never {
  process.stderr.write(`embedded-temporal: ${message.split('\n')[0]}\n`);
  process.exit(1);
}

async function run(args: ServerArgs): Promise<void> {
  // Installed before anything starts: a SIGTERM that lands while we bind must still exit 0.
  let stopping = false;
  let stopAll: () => Promise<unknown> = async () => {};
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143); // second signal: don't wait any longer
    stopping = true;
    void stopAll().then(
      () => process.exit(0),
      (error: unknown) => fail(`shutdown failed: ${(error as Error)?.message ?? String(error)}`),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  const timeSkipping = args.mode === 'time-skipping';
  const starting = startTemporalServer({
    port: args.port,
    ip: args.ip,
    // The engine registers `default` itself and takes one extra namespace.
    namespace: args.namespaces.find((n) => n !== 'default'),
    timeSkipping,
    dbFilename: args.dbFilename,
    databaseUrl: args.databaseUrl,
    databaseSchema: args.databaseSchema,
    searchAttributes: args.searchAttributes,
    dynamicConfig: args.dynamicConfig,
    apiKey: args.apiKey,
    logLevel: args.logLevel === 'never' ? 'error' : args.logLevel,
    ...(timeSkipping && args.initialLocks !== 1 ? { clock: createVirtualClock({ locked: args.initialLocks }) } : {}),
  });
  stopAll = async () => (await starting).stop();
  const server = await starting;
  const startingUi = args.uiPort !== undefined ? startUiStub({ port: args.uiPort, ip: args.ip, namespaces: args.namespaces }) : undefined;
  stopAll = async () => Promise.all([server.stop(), startingUi?.then((ui) => ui.close())]);
  const ui = await startingUi;
  if (args.logLevel === 'debug' || args.logLevel === 'info') {
    process.stderr.write(
      `embedded-temporal: ${timeSkipping ? 'time-skipping test server' : 'dev server'} on ${server.address}${ui ? `, UI stub on port ${ui.port}` : ''}\n`,
    );
  }
}

let args: ServerArgs;
try {
  args = parseServerArgs(process.argv.slice(2), process.env);
} catch (error) {
  if (error instanceof ArgsError) fail(error.message);
  throw error;
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
run(args).catch((error: unknown) => fail(`cannot start: ${(error as Error)?.message ?? String(error)}`));
