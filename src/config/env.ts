/**
 * The environment variables the CLI reads, one per flag. Only this folder and the CLI read
 * process.env; everything below them is given its configuration.
 */
export const ENV = {
  port: 'PREFECT_EMULATOR_PORT',
  host: 'PREFECT_EMULATOR_HOST',
  data: 'PREFECT_EMULATOR_DATA',
  inMemory: 'PREFECT_EMULATOR_IN_MEMORY',
  fixture: 'PREFECT_EMULATOR_FIXTURE',
  generate: 'PREFECT_EMULATOR_GENERATE',
  seed: 'PREFECT_EMULATOR_SEED',
  adminToken: 'PREFECT_EMULATOR_ADMIN_TOKEN',
  logLevel: 'PREFECT_EMULATOR_LOG_LEVEL',
  frozenAt: 'PREFECT_EMULATOR_FROZEN_AT',
  serveUi: 'PREFECT_EMULATOR_SERVE_UI',
  allowHost: 'PREFECT_EMULATOR_ALLOW_HOST',
  allowOrigin: 'PREFECT_EMULATOR_ALLOW_ORIGIN',
} as const;

export type EnvName = keyof typeof ENV;

export const readEnv = (env: NodeJS.ProcessEnv = process.env): Partial<Record<EnvName, string>> => {
  const out: Partial<Record<EnvName, string>> = {};
  for (const [name, variable] of Object.entries(ENV) as [EnvName, string][]) {
    const value = env[variable];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
};
