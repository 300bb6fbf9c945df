import type { IncomingMessage, ServerResponse } from 'node:http';
import { redactKeys } from '../domain/keys.js';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import { requestError } from '../graphql/errors.js';
import type { GraphQLExecutor, GraphQLResponse, MutationRefusal } from '../graphql/executor.js';
import type { EmulatorInstance } from '../service/instance.js';
import type { RequestLogEntry } from '../service/request-log.js';
import { BodyTooLargeError, readBody } from './body.js';
import { ORIGIN_REFUSED, originAllowed, type RequestPolicy } from './request-policy.js';
import { sendJson } from './respond.js';

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

const callerOf = (ctx: GraphQLContext | null): RequestLogEntry['caller'] => {
  if (ctx?.auth.status !== 'key') return null;
  const { user, tenant, role } = ctx.auth.caller;
  return { userId: user.id, username: user.username, accountType: user.accountType, tenantId: tenant.id, tenantSlug: tenant.slug, role: role.name };
};

/**
 * GraphQL over HTTP, as the Prefect 1.x client and the Cloud 1.0 UI speak it: a JSON body on
 * POST (variables as an object or as a JSON string), or a query in the URL on GET. Every
 * GraphQL-level failure, authentication included, is HTTP 200 with `errors`: the 1.x client
 * turns anything else into a traceback.
 */
export const handleGraphQL = async (
  req: IncomingMessage,
  res: ServerResponse,
  instance: EmulatorInstance,
  executor: GraphQLExecutor,
  bodyLimit: number,
  url: URL,
  policy: RequestPolicy = {},
): Promise<void> => {
  const started = performance.now();
  let ctx: GraphQLContext | null = null;
  let response: GraphQLResponse;
  let body: unknown;
  let decoded = true;
  if (req.method === 'GET') {
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
  } else {
    ctx = createContext(
      instance, header(req, 'authorization'), header(req, 'x-prefect-tenant-id'), header(req, 'x-prefect-core-version'), header(req, 'x-prefect-agent-id'),
    );
    const context = ctx;
    const refusal: MutationRefusal | null = req.method === 'GET'
      ? { status: 405, message: 'Mutations must be sent with POST.' }
      : originAllowed(policy, req) ? null : { status: 403, message: ORIGIN_REFUSED, code: 'FORBIDDEN' };
    response = await executor.run(body, () => context, refusal);
  }
  sendJson(res, response.status, response.body);
  const firstError = response.body.errors?.[0];
  instance.log.add({
    at: new Date(instance.clock.now()).toISOString(),
    // An operation named like a key (pasted in the wrong place) is not kept as it was sent.
    operationName: response.operation?.name ? redactKeys(response.operation.name) : null,
    operationType: response.operation?.type ?? null,
    fields: response.operation?.fields ?? [],
    caller: callerOf(ctx),
    outcome: firstError ? 'error' : 'ok',
    errorCode: firstError ? String(firstError.extensions?.code ?? 'UNKNOWN') : null,
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
  });
};
