import { badInput } from '../errors.js';
import type { FlowTask, Json } from './types.js';

/** What the backend reads from a serialized 1.x flow; everything else is kept as sent. */
export interface ParsedFlow {
  name: string;
  description: string | null;
  coreVersion: string | null;
  storage: Json | null;
  runConfig: Json | null;
  environment: Json | null;
  schedule: Json | null;
  parameters: Json[];
  tasks: ParsedTask[];
  edges: Json[];
}

/** A serialized task as the backend reads it; registration gives it its id. */
export type ParsedTask = Omit<FlowTask, 'id'>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const optionalObject = (value: unknown, field: string): Json | null => {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw badInput(field, 'must be an object or null');
  return value;
};

const list = (value: unknown, field: string): unknown[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badInput(field, 'must be a list');
  return value;
};

/** One serialized task (`register_tasks` sends these too). */
export const parseTask = (value: unknown, field: string): ParsedTask => {
  if (!isObject(value)) throw badInput(field, 'must be a serialized task object');
  const { slug, name, type } = value;
  if (typeof slug !== 'string' || slug === '') throw badInput(`${field}.slug`, 'is required (a non-empty string)');
  if (name !== undefined && name !== null && typeof name !== 'string') throw badInput(`${field}.name`, 'must be a string');
  const retries = value.max_retries;
  return {
    slug,
    name: typeof name === 'string' ? name : slug,
    type: typeof type === 'string' ? type : null,
    mapped: value.mapped === true,
    maxRetries: typeof retries === 'number' && Number.isInteger(retries) ? retries : 0,
    tags: Array.isArray(value.tags) ? value.tags.filter((t): t is string => typeof t === 'string') : [],
  };
};

/** Checks a serialized flow (`flow.serialize()`), naming the bad field (`input.serialized_flow.tasks[1].slug`). */
export const parseSerializedFlow = (value: unknown, field: string): ParsedFlow => {
  if (!isObject(value)) throw badInput(field, 'must be a serialized flow object');
  const { name } = value;
  if (typeof name !== 'string' || name.trim() === '') throw badInput(`${field}.name`, 'is required (the flow name)');
  if (name.length > 255) throw badInput(`${field}.name`, 'must be at most 255 characters');
  const tasks = list(value.tasks, `${field}.tasks`).map((t, i) => parseTask(t, `${field}.tasks[${i}]`));
  const slugs = new Set<string>();
  tasks.forEach((t, i) => {
    if (slugs.has(t.slug)) throw badInput(`${field}.tasks[${i}].slug`, `duplicates slug ${t.slug}`);
    slugs.add(t.slug);
  });
  const parameters = list(value.parameters, `${field}.parameters`).map((p, i) => {
    if (!isObject(p) || typeof p.name !== 'string') throw badInput(`${field}.parameters[${i}].name`, 'is required (a string)');
    return p;
  });
  const edges = list(value.edges, `${field}.edges`).map((e, i) => {
    if (!isObject(e)) throw badInput(`${field}.edges[${i}]`, 'must be an edge object');
    return e;
  });
  const version = value.__version__;
  return {
    name: name.trim(),
    description: typeof value.description === 'string' ? value.description : null,
    coreVersion: typeof version === 'string' ? version : null,
    storage: optionalObject(value.storage, `${field}.storage`),
    runConfig: optionalObject(value.run_config, `${field}.run_config`),
    environment: optionalObject(value.environment, `${field}.environment`),
    schedule: optionalObject(value.schedule, `${field}.schedule`),
    parameters,
    tasks,
    edges,
  };
};

/** A run's parameters: the flow's defaults, the group's defaults, then the given ones; a required one must be given. */
export const resolveParameters = (flowParameters: readonly Json[], groupDefaults: Json, given: Json, field: string): Json => {
  const out: Json = {};
  for (const p of flowParameters) if ('default' in p && p.default !== undefined) out[p.name as string] = p.default;
  Object.assign(out, groupDefaults, given);
  for (const p of flowParameters) {
    if (p.required === true && !(Object.hasOwn(given, p.name as string) || Object.hasOwn(groupDefaults, p.name as string))) {
      throw badInput(`${field}.${String(p.name)}`, 'is a required parameter of the flow');
    }
  }
  return out;
};

/** The labels a new run gets: given, else the given run config's, else the group's, else the group's or the flow's run config's. */
export const resolveLabels = (given: string[] | null, runConfig: Json | null, groupLabels: string[] | null, groupRunConfig: Json | null, flowRunConfig: Json | null): string[] => {
  const labelsOf = (rc: Json | null): string[] | null => (rc && Array.isArray(rc.labels) ? rc.labels.filter((l): l is string => typeof l === 'string') : null);
  const labels = given ?? labelsOf(runConfig) ?? groupLabels ?? labelsOf(groupRunConfig) ?? labelsOf(flowRunConfig) ?? [];
  return [...new Set(labels)].sort();
};

/** A new flow group's settings, as Cloud 1.0 defaulted them (the runner reads heartbeat_enabled). */
export const DEFAULT_FLOW_GROUP_SETTINGS: Readonly<Json> = Object.freeze({ heartbeat_enabled: true, lazarus_enabled: true, version_locking_enabled: false });
