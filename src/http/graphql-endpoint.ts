import type { IncomingMessage, ServerResponse } from 'node:http';
import { redactKeys } from '../domain/keys.js';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import { requestError } from '../graphql/errors.js';
import type { GraphQLExecutor, GraphQLResponse, MutationRefusal, ResponseMode } from '../graphql/executor.js';
import type { EmulatorInstance } from '../service/instance.js';
import type { RequestLogCaller } from '../service/request-log.js';
import { BodyTooLargeError, readBody } from './body.js';
import { ORIGIN_REFUSED, originAllowed, type RequestPolicy } from './request-policy.js';
import { sendJson } from './respond.js';

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

const callerOf = (ctx: GraphQLContext | null): RequestLogCaller | null => {
  if (ctx?.auth.status !== 'key') return null;
  const { user, tenant, role } = ctx.auth.caller;
  return { userId: user.id, username: user.username, accountType: user.accountType, tenantId: tenant.id, tenantSlug: tenant.slug, role: role.name };
};

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const NO_FIELDS: readonly string[] = Object.freeze([]);
const GRAPHQL_RESPONSE_ANY_CASE = new RegExp(GRAPHQL_RESPONSE.replace(/[+.]/g, '\\$&'), 'i');
const GRAPHQL_RESPONSE_HEADERS: Readonly<Record<string, string>> = { 'content-type': `${GRAPHQL_RESPONSE}; charset=utf-8` };

/** A client that asks for the GraphQL-over-HTTP media type by name gets it, with that spec's statuses; others get application/json. */
const responseMode = (req: IncomingMessage): ResponseMode => {
  const accept = header(req, 'accept');
  return accept !== undefined && GRAPHQL_RESPONSE_ANY_CASE.test(accept) ? 'graphql-response' : 'json';
};

/**
 * GraphQL over HTTP, as the Prefect 1.x client and the Cloud 1.0 UI speak it: a JSON body on
 * POST (variables as an object or as a JSON string; a JSON array is a batch, as the UI sends),
 * or a query in the URL on GET. Failures found while executing, authentication included, are
 * HTTP 200 with `errors` (the 1.x client turns 401/403 into a traceback); a request that cannot
 * be run at all (bad JSON, a parse or validation failure) is 400.
 */
export const handleGraphQL = async (
  req: IncomingMessage,
  res: ServerResponse,
  instance: EmulatorInstance,
  executor: GraphQLExecutor,
  bodyLimit: number,
  /** Needed for GET (the query is in it); null for a POST to a plain path. */
  url: URL | null,
  policy: RequestPolicy = {},
): Promise<void> => {
  const started = performance.now();
  const mode = responseMode(req);
  const contentType = mode === 'graphql-response' ? GRAPHQL_RESPONSE_HEADERS : undefined;
  let ctx: GraphQLContext | null = null;
  let response: GraphQLResponse;
  let body: unknown;
  let decoded = true;
  if (req.method === 'GET' && url) {
    const variables = url.searchParams.get('variables');
    body = { query: url.searchParams.get('query'), variables, operationName: url.searchParams.get('operationName') };
  } else {
    const type = header(req, 'content-type') ?? '';
    if (!/^application\/(graphql-response\+)?json\b/i.test(type)) {
      sendJson(res, 415, { errors: [requestError('Content-Type must be application/json.')] });
      return;
    }
    try {
      body = JSON.parse(await readBody(req, bodyLimit));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, { errors: [requestError(`The request body is larger than the limit of ${error.limit} bytes.`)] });
        return;
      }
      decoded = false;
    }
  }
  if (!decoded) {
    response = { status: 400, body: { errors: [requestError('The request body is not valid JSON.')] }, operation: null };
  } else if (Array.isArray(body) && req.method !== 'GET') {
    const refusal: MutationRefusal | null = originAllowed(policy, req) ? null : { status: 403, message: ORIGIN_REFUSED, code: 'FORBIDDEN' };
    const batch = await executor.runBatch(
      body, () => createContext(instance, header(req, 'authorization'), header(req, 'x-prefect-tenant-id'), header(req, 'x-prefect-core-version')), refusal, mode,
    );
    sendJson(res, batch.status, batch.status === 200 ? batch.results.map((r) => r.response.body) : batch.results[0]?.response.body, contentType);
    const each = (performance.now() - started) / Math.max(1, batch.results.length);
    for (const result of batch.results) logRequest(instance, result.response, result.context, each);
    return;
  } else {
    ctx = createContext(
      instance, header(req, 'authorization'), header(req, 'x-prefect-tenant-id'), header(req, 'x-prefect-core-version'), header(req, 'x-prefect-agent-id'),
    );
    const context = ctx;
    const refusal: MutationRefusal | null = req.method === 'GET'
      ? { status: 405, message: 'Mutations must be sent with POST.' }
      : originAllowed(policy, req) ? null : { status: 403, message: ORIGIN_REFUSED, code: 'FORBIDDEN' };
    const answer = executor.run(body, () => context, refusal, mode);
    response = answer instanceof Promise ? await answer : answer;
  }
  sendJson(res, response.status, response.body, contentType);
  logRequest(instance, response, ctx, performance.now() - started);
};

/** One request-log entry per operation: who, what, outcome; never a header or a token. */
const logRequest = (instance: EmulatorInstance, response: GraphQLResponse, ctx: GraphQLContext | null, durationMs: number): void => {
  const firstError = response.body.errors?.[0];
  instance.log.record({
    at: instance.clock.now(),
    // An operation named like a key (pasted in the wrong place) is not kept as it was sent.
    operationName: response.operation?.name ? redactKeys(response.operation.name) : null,
    operationType: response.operation?.type ?? null,
    fields: response.operation?.fields ?? NO_FIELDS,
    caller: callerOf(ctx),
    outcome: firstError ? 'error' : 'ok',
    errorCode: firstError ? String(firstError.extensions?.code ?? 'UNKNOWN') : null,
    durationMs: Math.round(durationMs * 1000) / 1000,
  });
};
