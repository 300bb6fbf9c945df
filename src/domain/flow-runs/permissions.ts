/**
 * The permissions of projects, flows, runs and secrets, named as Cloud 1.0's UI checks them
 * (`hasPermission('create', 'run')` → `create:run`).
 */
export const FlowPermission = {
  readProject: 'read:project',
  createProject: 'create:project',
  updateProject: 'update:project',
  deleteProject: 'delete:project',
  readFlow: 'read:flow',
  createFlow: 'create:flow',
  updateFlow: 'update:flow',
  deleteFlow: 'delete:flow',
  readRun: 'read:run',
  createRun: 'create:run',
  updateRun: 'update:run',
  deleteRun: 'delete:run',
  createLog: 'create:log',
  readSecret: 'read:secret',
  createSecret: 'create:secret',
  deleteSecret: 'delete:secret',
  readKeyValue: 'read:key-value',
  createKeyValue: 'create:key-value',
  updateKeyValue: 'update:key-value',
  deleteKeyValue: 'delete:key-value',
} as const;

const F = FlowPermission;

/** What every role may read. */
export const FLOW_READ = [F.readProject, F.readFlow, F.readRun, F.readKeyValue];
/** What running flows needs: an agent's and a flow run's key. */
export const FLOW_RUN = [F.updateRun, F.createLog, F.readSecret, F.createKeyValue, F.updateKeyValue];
/** Registering and managing flows, projects, runs and secrets. */
export const FLOW_WRITE = [
  F.createProject, F.updateProject, F.deleteProject, F.createFlow, F.updateFlow, F.deleteFlow,
  F.createRun, F.deleteRun, F.createSecret, F.deleteSecret, F.deleteKeyValue,
];
