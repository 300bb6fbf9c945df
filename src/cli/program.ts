// The command line: `serve` (the default) and `generate`. main.ts runs it.
import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ENV, readEnv } from '../config/env.js';
import { ConfigError, resolveServeConfig, type RawServeOptions } from '../config/serve-config.js';
import { maskKey } from '../domain/keys.js';
import { startEmulator, VERSION, type RunningEmulator } from '../index.js';
import { createLogger } from '../service/logger.js';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const fail = (message: string): never => {
  process.stderr.write(`prefect-cloud-emulator: ${message}\n`);
  process.exit(2);
};

/** Which fixture key acts as whom, without showing any key: a prefix is enough to tell them apart. */
const keyLines = (emulator: RunningEmulator): string[] => {
  const keys = emulator.fixtureKeys();
  if (keys.length === 0) return [];
  const shown = keys.slice(0, 20);
  const width = Math.max(...shown.map((k) => k.ref.length));
  return [
    `Fixture keys (${keys.length}; plaintext is in the fixture, or mint one with POST ${emulator.controlUrl}/keys):`,
    ...shown.map((k) => `  ${k.ref.padEnd(width)}  ${maskKey(k.key)}  ${k.username} · ${k.roleName} in ${k.tenantSlug}${k.expiresAt ? ` expires ${k.expiresAt}` : ''}`),
    ...(keys.length > shown.length ? [`  … and ${keys.length - shown.length} more (GET ${emulator.controlUrl}/fixture-keys)`] : []),
  ];
};

let compiledHow: string | undefined;

const serve = async (flags: RawServeOptions): Promise<void> => {
  let config;
  try {
    config = resolveServeConfig(flags, readEnv(), { host: '127.0.0.1' });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (compiledHow) logger.debug(compiledHow);
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      port: config.port,
      host: config.host,
      fixture: config.fixture,
      ...(config.generate ? { generate: config.generate, seed: config.seed } : {}),
      ...(config.dataFile ? { dataFile: config.dataFile } : {}),
      ...(config.adminToken ? { adminToken: config.adminToken } : {}),
      ...(config.frozenAt !== null ? { frozenAt: config.frozenAt } : {}),
      ...(config.serveUi !== null ? { serveUi: config.serveUi } : {}),
      allowHosts: config.allowHosts,
      allowOrigins: config.allowOrigins,
      logger,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${config.port} on ${config.host} is already in use; choose another with --port`);
    if (error instanceof Error) fail(error.message);
    throw error;
  }
  // Before the ready line: whoever reads it may signal at once, and without a handler the
  // signal would kill the process instead of stopping it cleanly.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing requests in flight and flushing`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`prefect-cloud-emulator: error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const storage = config.dataFile ? `data file ${config.dataFile}` : 'in memory';
  const source = config.generate ? `generated ${config.generate} (seed ${config.seed})` : config.fixture;
  // One write for the whole banner: each write to a pipe is a system call of its own, made
  // while whoever read the ready line is already waiting for an answer.
  out([
    `prefect-cloud-emulator ${VERSION} ready at ${emulator.url} (fixture: ${source}; ${storage}${config.frozenAt !== null ? '; clock frozen' : ''})`,
    `  GraphQL: POST ${emulator.url}/ or ${emulator.graphqlUrl} · UI: ${emulator.url}/ui/ · control API: ${emulator.controlUrl}${config.adminToken ? ' (admin token required)' : ''}`,
    ...(config.serveUi !== null ? [`  Cloud UI: ${emulator.url}/ (from ${config.serveUi}) · OIDC issuer: ${emulator.url}/oauth2/default`] : []),
    ...keyLines(emulator),
  ].join('\n'));
};

const generate = async (spec: string | undefined, options: { seed: number; out?: string }): Promise<void> => {
  const { generateFixture, parseGenerateSpec } = await import('../fixtures/generate.js');
  let fixture;
  try {
    fixture = generateFixture({ ...parseGenerateSpec(spec ?? ''), seed: options.seed });
  } catch (error) {
    return fail((error as Error).message);
  }
  const text = `${JSON.stringify(fixture, null, 2)}\n`;
  if (options.out) {
    await writeFile(options.out, text, 'utf8');
    process.stderr.write(`wrote ${options.out}\n`);
  } else {
    process.stdout.write(text);
  }
};

const integer = (name: string) => (value: string): string => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number.`);
  return value;
};

const program = new Command('prefect-cloud-emulator')
  .description('A local emulator of the Prefect Cloud 1.0 API-key system, for tests.')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)');

const env = (name: keyof typeof ENV): string => ENV[name];

const serveCommand = program
  .command('serve', { isDefault: true })
  .description('serve the GraphQL API, the control API and the UI (the default command)')
  .addOption(new Option('-p, --port <port>', 'TCP port; 0 picks a free one (default 4200)').env(env('port')).argParser(integer('--port')))
  .addOption(new Option('--host <host>', 'interface to bind (default 127.0.0.1; the docker image uses 0.0.0.0)').env(env('host')))
  .addOption(new Option('-d, --data <file>', 'persist to this JSON data file, created from the fixture when missing (default: in memory)').env(env('data')))
  .addOption(new Option('--in-memory', 'keep nothing on disk, even when a data file is configured (the variable takes true or false)').env(env('inMemory')))
  .addOption(new Option('-f, --fixture <file|name>', 'fixture file, or a ready fixture: default, many-tenants, expiring-keys, scheduled-runs').env(env('fixture')))
  .addOption(new Option('-g, --generate <spec>', 'generate a fixture instead, e.g. tenants=3,users=20,service-accounts=5,keys-per-user=2').env(env('generate')))
  .addOption(new Option('--seed <n>', 'seed for --generate (default 1)').env(env('seed')).argParser(integer('--seed')))
  .addOption(new Option('--admin-token <token>', 'require "Authorization: Bearer <token>" on the control API').env(env('adminToken')))
  .addOption(new Option('--log-level <level>', 'silent, error, warn, info or debug (default info)').env(env('logLevel')))
  .addOption(new Option('--frozen-at <time>', 'start with the clock frozen at this ISO-8601 time, or "now"').env(env('frozenAt')))
  .addOption(new Option('--serve-ui <dir>', 'serve a build of the Cloud 1.0 web UI from this directory at / (docs/cloud-ui.md)').env(env('serveUi')))
  .addOption(new Option('--allow-host <names>', 'comma-separated host names accepted in Host besides loopback and --host (e.g. a docker service name); * accepts any').env(env('allowHost')))
  .addOption(new Option('--allow-origin <origins>', 'comma-separated origins whose web pages may change the state (e.g. http://localhost:3000); * allows any').env(env('allowOrigin')))
  .action(async (options: Record<string, string | boolean | undefined>, command: Command) => {
    // Pass flags only, as given: resolveServeConfig reads the environment itself. (Commander
    // merges the environment in too, and would turn PREFECT_EMULATOR_IN_MEMORY=false into true.)
    const flag = <T extends string | boolean>(name: string): T | undefined =>
      command.getOptionValueSource(name) === 'cli' ? (options[name] as T | undefined) : undefined;
    await serve({
      port: flag('port'), host: flag('host'), data: flag('data'), inMemory: flag('inMemory'), fixture: flag('fixture'),
      generate: flag('generate'), seed: flag('seed'), adminToken: flag('adminToken'), logLevel: flag('logLevel'), frozenAt: flag('frozenAt'),
      serveUi: flag('serveUi'),
      allowHost: flag('allowHost'), allowOrigin: flag('allowOrigin'),
    });
  });

program
  .command('generate')
  .description('write a generated fixture (deterministic for a seed) to a file or stdout')
  .argument('[spec]', 'tenants=N,users=N,service-accounts=N,keys-per-user=N (defaults 2,10,2,1)')
  .option('--seed <n>', 'seed', integer('--seed'), '1')
  .option('-o, --out <file>', 'write here instead of stdout')
  .action(async (spec: string | undefined, options: { seed: string; out?: string }) => {
    await generate(spec, { seed: Number(options.seed), ...(options.out ? { out: options.out } : {}) });
  });

// `prefect-cloud-emulator --help` shows the default command's options too: that is what most run.
program.addHelpText('after', () => `
Serve options (prefect-cloud-emulator [serve] [options]):
${serveCommand.createHelp().formatHelp(serveCommand, serveCommand.createHelp()).replace(/^[\s\S]*?Options:\n/, '')}
Environment: every serve flag has a variable (${Object.values(ENV).join(', ')}); flags win.
Point the Prefect 1.x client at it: PREFECT__CLOUD__API=http://127.0.0.1:4200 prefect auth login -k <key>`);

/**
 * Runs the command line (`argv` as in `process.argv`); resolves once the command has done its
 * work (a server is then running). `compiled`, how the bin compiled the code, is logged at debug level.
 */
export const runCli = async (argv: readonly string[], compiled?: string): Promise<void> => {
  compiledHow = compiled;
  await program.parseAsync(argv);
};
