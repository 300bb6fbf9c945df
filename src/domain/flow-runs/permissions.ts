/**
 * The permissions the flow operations check, named as Cloud 1.0's UI checks them
 * (`hasPermission('create', 'run')` → `create:run`); which role holds which is in
 * ../permissions.ts.
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
  readSecretValue: 'read:secret-value',
  createSecret: 'create:secret',
  deleteSecret: 'delete:secret',
  readKeyValue: 'read:key-value',
  createKeyValue: 'create:key-value',
  updateKeyValue: 'update:key-value',
  deleteKeyValue: 'delete:key-value',
} as const;
