import type { IsoTime, Uuid } from '../types.js';

/**
 * Projects, flows, flow groups, runs, task runs, logs and secrets, camelCase inside. JSON columns
 * (`storage`, `runConfig`, `serializedState`…) are kept as the client sent them and go back out
 * as JSON objects.
 */
export type Json = Record<string, unknown>;

export interface Project {
  id: Uuid;
  tenantId: Uuid;
  name: string;
  description: string | null;
  created: IsoTime;
  updated: IsoTime;
}

/** A task of a registered flow: the backend gives it its id; the slug is the client's. */
export interface FlowTask {
  id: Uuid;
  slug: string;
  name: string;
  type: string | null;
  mapped: boolean;
  maxRetries: number;
  tags: string[];
}

/** Every version of a flow with the same name in the same project shares one group. */
export interface FlowGroup {
  id: Uuid;
  tenantId: Uuid;
  projectId: Uuid;
  name: string;
  labels: string[] | null;
  settings: Json;
  runConfig: Json | null;
  defaultParameters: Json;
  schedule: Json | null;
  created: IsoTime;
  updated: IsoTime;
}

export interface Flow {
  id: Uuid;
  tenantId: Uuid;
  projectId: Uuid;
  flowGroupId: Uuid;
  name: string;
  description: string | null;
  version: number;
  archived: boolean;
  coreVersion: string | null;
  storage: Json | null;
  runConfig: Json | null;
  environment: Json | null;
  parameters: Json[];
  schedule: Json | null;
  isScheduleActive: boolean;
  /** The serialized flow as registered (tasks and edges included when sent). */
  serializedFlow: Json;
  tasks: FlowTask[];
  edges: Json[];
  idempotencyKey: string | null;
  createdById: Uuid;
  created: IsoTime;
  updated: IsoTime;
}

/** One entry of a run's state history, as the client serialized it. */
export interface RunState {
  /** Class name: Scheduled, Submitted, Running, Success… */
  type: string;
  message: string | null;
  serialized: Json;
  /** `start_time` of Scheduled-like states (ISO), else null. */
  startTime: IsoTime | null;
  /** The run's version once this state was set. */
  version: number;
  timestamp: IsoTime;
}

/** The agent that submitted a run and the key it used, by id and name (never the key); no key when a UI session submitted it. */
export interface RunSubmitter {
  agentId: Uuid | null;
  agentName: string | null;
  keyId: Uuid | null;
  keyName: string | null;
  userId: Uuid;
}

export interface FlowRun {
  id: Uuid;
  tenantId: Uuid;
  flowId: Uuid;
  flowGroupId: Uuid;
  name: string;
  labels: string[];
  parameters: Json;
  context: Json;
  runConfig: Json | null;
  idempotencyKey: string | null;
  scheduledStartTime: IsoTime;
  startTime: IsoTime | null;
  endTime: IsoTime | null;
  heartbeat: IsoTime | null;
  states: RunState[];
  submittedBy: RunSubmitter | null;
  createdById: Uuid;
  created: IsoTime;
  updated: IsoTime;
}

export interface TaskRun {
  id: Uuid;
  tenantId: Uuid;
  flowRunId: Uuid;
  taskId: Uuid;
  mapIndex: number;
  name: string | null;
  states: RunState[];
  created: IsoTime;
  updated: IsoTime;
}

export interface RunLog {
  id: Uuid;
  tenantId: Uuid;
  flowRunId: Uuid;
  taskRunId: Uuid | null;
  timestamp: IsoTime;
  name: string | null;
  level: string;
  message: string;
  info: Json | null;
  created: IsoTime;
}

/** A key-value pair of the tenant's KV store (`prefect kv`); values are JSON, at most 10 KB. */
export interface KeyValue {
  id: Uuid;
  tenantId: Uuid;
  key: string;
  value: unknown;
  created: IsoTime;
  updated: IsoTime;
}

/** A tenant secret. Its value is served only to flows that ask for it by name. */
export interface Secret {
  id: Uuid;
  tenantId: Uuid;
  name: string;
  value: unknown;
  created: IsoTime;
  updated: IsoTime;
}
