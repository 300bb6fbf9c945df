import { requireCaller } from '../../domain/auth.js';
import { isDomainError } from '../../domain/errors.js';
import type { RunSubmitter } from '../../domain/flow-runs/types.js';
import { hasPermission, Permission } from '../../domain/roles.js';
import { listRelational, type RelationalListArgs } from '../../domain/flow-runs/relational-where.js';
import type { BoolExp } from '../../domain/where.js';
import type { State } from '../../store/state.js';
import type { GraphQLContext } from '../context.js';
import { flowSchemas } from '../flow-wire.js';

/** The relational schemas of one state, built once. */
const cache = new WeakMap<State, ReturnType<typeof flowSchemas>>();
export const schemasOf = (ctx: GraphQLContext): ReturnType<typeof flowSchemas> => {
  const { state } = ctx.instance.store;
  let schemas = cache.get(state);
  if (!schemas) cache.set(state, (schemas = flowSchemas(state)));
  return schemas;
};

export type Args = RelationalListArgs;

/**
 * The ids a top-level `where` pins down (`{id: {_eq: X}}`, `{id: {_in: [...]}}`, also inside a
 * top-level `_and`), so the lookups the agent and the flow runner repeat go by id, not by scan.
 */
export const pinnedIds = (where: BoolExp | null | undefined): string[] | null => {
  if (!where) return null;
  const id = where.id as { _eq?: unknown; _in?: unknown } | null | undefined;
  if (id && typeof id._eq === 'string') return [id._eq];
  if (id && Array.isArray(id._in)) return id._in.filter((v): v is string => typeof v === 'string');
  const and = where._and;
  for (const part of Array.isArray(and) ? and : and ? [and as BoolExp] : []) {
    const found = pinnedIds(part);
    if (found) return found;
  }
  return null;
};

/** A single row by id, or null for a missing one and for another tenant's, alike. */
export const orNull = <T>(read: () => T): T | null => {
  try {
    return read();
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
};

/**
 * Who submitted a run, for the emulator's own screens: the agent, and the key by id and name
 * for those who may see that key's metadata (its owner, and tenant admins).
 */
export const submitterView = (ctx: GraphQLContext, submitter: RunSubmitter | null) => {
  if (!submitter) return null;
  const caller = requireCaller(ctx.auth);
  const seesKey = caller.user.id === submitter.userId || hasPermission(caller.role, Permission.readServiceAccountKeys);
  return {
    agent_id: submitter.agentId, agent_name: submitter.agentName,
    key_id: seesKey ? submitter.keyId : null, key_name: seesKey ? submitter.keyName : null,
  };
};

export { listRelational };
