import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getOperationAST, GraphQLError, parse, specifiedRules, validate,
  type DocumentNode, type ExecutionResult, type OperationDefinitionNode, type GraphQLFormattedError, type GraphQLSchema, type OperationTypeNode, type ValidationRule,
} from 'graphql';
import { jsonDepthProblem, jsonSizeProblem } from '../domain/json-input.js';
import { redactKeys } from '../domain/keys.js';
import type { GraphQLContext } from './context.js';
import { formatError, requestError, type WireErrorCode } from './errors.js';
import { fragmentsOf, selectionDependsOnVariables, type Fragments } from './collect-fields.js';
import { executeOperation } from './execute.js';

/** Limits on what one request may ask for; introspection and field suggestions stay on (it is an emulator). */
export interface GraphQLLimits {
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  /** Operations in one batched request (a JSON array); the UI batches up to 25. Default 25. */
  maxBatchSize?: number;
}

export const DEFAULT_LIMITS: GraphQLLimits = { maxTokens: 2_000, maxDepth: 10, maxAliases: 20, maxDirectives: 20, maxCost: 5_000, maxBatchSize: 25 };
const DEFAULT_BATCH_SIZE = 25;

/**
 * How statuses are chosen. `json` (Accept: application/json, what the 1.x client and the UI
 * send): request, parse and validation failures are 400 as Cloud answered, everything found while
 * executing is 200. `graphql-response` (Accept: application/graphql-response+json): the
 * GraphQL-over-HTTP spec's statuses, so variable coercion failures are 400 too.
 */
export type ResponseMode = 'json' | 'graphql-response';

export interface OperationInfo {
  name: string | null;
  type: OperationTypeNode | null;
  /** Shared by every request of the same query text: not to be changed. */
  fields: readonly string[];
}

export interface GraphQLResponse {
  status: number;
  body: { data?: unknown; errors?: readonly GraphQLFormattedError[] };
  operation: OperationInfo | null;
}

/** One operation of a batch: its response, and the context it ran with (none when it was refused before running). */
export interface BatchResult {
  response: GraphQLResponse;
  context: GraphQLContext | null;
}

/** Why mutations are not run for this request, and how to answer them. */
export interface MutationRefusal {
  status: number;
  message: string;
  code?: WireErrorCode;
}

interface Prepared {
  document?: DocumentNode;
  errors?: readonly GraphQLFormattedError[];
  /** Worked out with the first execution: the fragments by name, and whether `@skip`/`@include` make selections vary. */
  plan?: { fragments: Fragments; fixedSelections: boolean };
  /** The operations picked from the document so far, by the name asked for ('' for none). */
  operations?: Map<string, Selected>;
}

interface Selected {
  operation: OperationDefinitionNode;
  info: OperationInfo;
}

/** Keys masked in every error message: graphql-js repeats an invalid variable's value. */
const redacted = (response: GraphQLResponse): GraphQLResponse => {
  const { errors } = response.body;
  if (errors) response.body.errors = errors.map((e) => ({ ...e, message: redactKeys(e.message) }));
  return response;
};

const CACHE_SIZE = 1_000;

/**
 * Runs GraphQL requests: parses and validates each distinct query text once (clients send the
 * same few queries over and over), then executes against the emulator's schema.
 */
export class GraphQLExecutor {
  private readonly cache = new Map<string, Prepared>();
  private readonly rules: readonly ValidationRule[];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: GraphQLLimits = DEFAULT_LIMITS,
    private readonly onUnexpected: (error: unknown) => void = () => {},
  ) {
    // graphql-armor's rules, taken one by one: its umbrella package also loads plugins for
    // servers we do not use. The token limit is graphql's own parse option.
    this.rules = [
      ...specifiedRules,
      maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true }),
      maxAliasesRule({ n: limits.maxAliases }),
      maxDirectivesRule({ n: limits.maxDirectives }),
      costLimitRule({ maxCost: limits.maxCost, ignoreIntrospection: true }),
    ];
  }

  /**
   * Handles one decoded request body. `variables` may be an object, null, or a JSON string (the
   * 1.x client's form). With `mutationRefusal`, a mutation is answered with it and not run (a GET,
   * a cross-site page). `mode` picks the statuses (see ResponseMode).
   */
  run(body: unknown, context: () => GraphQLContext, mutationRefusal: MutationRefusal | null = null, mode: ResponseMode = 'json'): GraphQLResponse | Promise<GraphQLResponse> {
    const response = this.respond(body, context, mutationRefusal, mode);
    // Synchronous whenever every resolver is (most reads): no promise to wait for, nor to make.
    return response instanceof Promise ? response.then(redacted) : redacted(response);
  }

  /**
   * A batched request (a JSON array, as the UI's apollo-link-batch-http sends): each operation
   * runs in turn with its own context (so its own authentication: a `log_out` earlier in the
   * batch applies to the ones after it) and its own limits, and gets its own result, in order.
   */
  async runBatch(
    bodies: readonly unknown[], context: () => GraphQLContext, mutationRefusal: MutationRefusal | null = null, mode: ResponseMode = 'json',
  ): Promise<{ status: number; results: BatchResult[] }> {
    const max = this.limits.maxBatchSize ?? DEFAULT_BATCH_SIZE;
    const refuse = (message: string) => ({ status: 400, results: [{ response: this.reject(message), context: null }] });
    if (bodies.length === 0) return refuse('A batched request must hold at least one operation.');
    if (bodies.length > max) return refuse(`A batched request may hold at most ${max} operations; this one holds ${bodies.length}.`);
    const results: BatchResult[] = [];
    for (const body of bodies) {
      let made: GraphQLContext | null = null;
      const response = Array.isArray(body)
        ? this.reject('A batched request holds operations, not batches.')
        : await this.run(body, () => (made = context()), mutationRefusal, mode);
      results.push({ response, context: made });
    }
    return { status: 200, results };
  }

  private respond(body: unknown, context: () => GraphQLContext, mutationRefusal: MutationRefusal | null, mode: ResponseMode): GraphQLResponse | Promise<GraphQLResponse> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return this.reject('The request body must be a JSON object with a "query".');
    const { query, operationName, extensions } = body as Record<string, unknown>;
    let { variables } = body as Record<string, unknown>;
    if (typeof query !== 'string' || query.trim() === '') return this.reject('"query" must be a non-empty string.');
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
      return this.reject('"operationName" must be a string or null.');
    }
    if (extensions !== undefined && extensions !== null && (typeof extensions !== 'object' || Array.isArray(extensions))) {
      return this.reject('"extensions" must be a JSON object or null.');
    }
    if (typeof variables === 'string') {
      try {
        variables = JSON.parse(variables);
      } catch {
        return this.reject('"variables" is a string that is not valid JSON.');
      }
    }
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
      return this.reject('"variables" must be a JSON object, null, or a JSON string of one.');
    }
    if (variables !== undefined && variables !== null) {
      // Before coercion, which recurses: 800 levels of `_and` would overflow the stack.
      const deep = jsonDepthProblem(variables);
      if (deep) return this.reject(`"variables" ${deep}.`);
      const large = jsonSizeProblem(variables);
      if (large) return this.reject(`"variables" ${large}.`);
    }

    const prepared = this.prepare(query);
    // Parse and validation failures are 400, as Cloud answered: the 1.x client prints them as
    // "400 Client Error: Bad Request … GRAPHQL_VALIDATION_FAILED: …".
    if (!prepared.document) return { status: 400, body: { errors: prepared.errors ?? [] }, operation: null };
    const selected = this.select(prepared, prepared.document, operationName ?? '');
    if (!selected) {
      const message = operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.';
      return { status: 400, body: { errors: [requestError(message, 'GRAPHQL_VALIDATION_FAILED')] }, operation: null };
    }
    const { operation, info } = selected;
    if (mutationRefusal && operation.operation !== 'query') {
      return { status: mutationRefusal.status, body: { errors: [requestError(mutationRefusal.message, mutationRefusal.code)] }, operation: info };
    }
    const result = executeOperation({
      schema: this.schema,
      operation,
      ...(prepared.plan ??= { fragments: fragmentsOf(prepared.document), fixedSelections: !selectionDependsOnVariables(prepared.document) }),
      variableValues: variables as Record<string, unknown> | null | undefined,
      contextValue: context(),
    });
    return result instanceof Promise ? result.then((r) => this.finish(r, info, mode)) : this.finish(result, info, mode);
  }

  private finish(result: ExecutionResult, info: OperationInfo, mode: ResponseMode): GraphQLResponse {
    const out: GraphQLResponse['body'] = {};
    if (result.errors) out.errors = result.errors.map((e) => formatError(e, this.onUnexpected));
    if ('data' in result) out.data = result.data;
    // No data at all: the variables could not be coerced, so nothing was executed.
    const status = mode === 'graphql-response' && !('data' in result) ? 400 : 200;
    return { status, body: out, operation: info };
  }

  /** The operation a request names in a parsed document, and what the request log says of it; worked out once per name. */
  private select(prepared: Prepared, document: DocumentNode, operationName: string): Selected | null {
    const known = prepared.operations?.get(operationName);
    if (known) return known;
    const operation = getOperationAST(document, operationName || undefined);
    // Only names the document defines are kept, so a client cannot grow the map.
    if (!operation) return null;
    const selected: Selected = {
      operation,
      info: {
        name: operation.name?.value ?? null,
        type: operation.operation,
        fields: Object.freeze(operation.selectionSet.selections.flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []))),
      },
    };
    (prepared.operations ??= new Map()).set(operationName, selected);
    return selected;
  }

  private reject(message: string): GraphQLResponse {
    return { status: 400, body: { errors: [requestError(message)] }, operation: null };
  }

  private prepare(query: string): Prepared {
    const hit = this.cache.get(query);
    if (hit) return hit;
    const prepared = this.parseAndValidate(query);
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(query, prepared);
    return prepared;
  }

  private parseAndValidate(query: string): Prepared {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.limits.maxTokens });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      // graphql-js words the token limit "more that N tokens"; say it plainly.
      const message = /Document contains more th\w+ \d+ tokens/.test(error.message)
        ? `Query is too large: it contains more than ${this.limits.maxTokens} tokens, the limit.`
        : error.message;
      return { errors: [{ ...error.toJSON(), message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] };
    }
    const invalid = (errors: readonly GraphQLError[]): Prepared => ({
      errors: errors.map((e) => ({ ...e.toJSON(), extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } })),
    });
    try {
      const errors = validate(this.schema, document, this.rules);
      return errors.length > 0 ? invalid(errors) : { document };
    } catch (error) {
      // graphql-armor's limits stop validation at the first excess, worded "Syntax Error: …":
      // it is the query's size, not its syntax, that is refused.
      if (!(error instanceof GraphQLError)) throw error;
      return invalid([new GraphQLError(error.message.replace(/^Syntax Error: /, ''))]);
    }
  }

}
