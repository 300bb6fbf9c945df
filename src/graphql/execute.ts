import {
  defaultFieldResolver, defaultTypeResolver, getArgumentValues, getVariableValues, GraphQLError, isAbstractType, isLeafType, isListType,
  isNonNullType, isObjectType, locatedError, SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef,
  type ExecutionResult, type FieldNode, type GraphQLAbstractType, type GraphQLField, type GraphQLLeafType, type GraphQLList,
  type GraphQLObjectType, type GraphQLOutputType, type GraphQLResolveInfo, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { FieldCollector, type FieldMap, type Fragments } from './collect-fields.js';
// graphql-js's own rendering of a value in its messages.
import { inspect as describeValue } from 'graphql/jsutils/inspect.js';
import { runtimeTypeOf } from './runtime-type.js';

/**
 * GraphQL execution as graphql-js 16 does it (results, errors, null propagation, serial
 * mutations), but graphql-js memoises sub-selections in a long-lived WeakMap keyed by each
 * request's context, whose entries every scavenge kept alive and promoted. Here selections are
 * collected per query text or per request (FieldCollector), and a scalar property without a
 * resolver is completed without building its resolve info.
 */

type Path = { readonly prev: Path | undefined; readonly key: string | number; readonly typename: string | undefined };

export interface ExecuteArgs {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Fragments;
  /** The document's selections do not depend on variables (see selectionDependsOnVariables). */
  fixedSelections?: boolean;
  variableValues: Record<string, unknown> | null | undefined;
  contextValue: unknown;
}

/** A null-prototype object in V8's fast mode (Object.create(null) makes a dictionary). */
const emptyRecord = (): Record<string, unknown> => ({ __proto__: null }) as unknown as Record<string, unknown>;
/** The arguments of a field that defines none: nothing to coerce. */
const NO_ARGS: Record<string, unknown> = Object.freeze(emptyRecord());
const NO_VARIABLES: Record<string, unknown> = Object.freeze(emptyRecord());

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';
const pathToArray = (path: Path | undefined): (string | number)[] => {
  const out: (string | number)[] = [];
  for (let p = path; p; p = p.prev) out.push(p.key);
  return out.reverse();
};

/** Resolves an object of values some of which are promises (graphql-js's promiseForObject). */
const promiseForObject = async (object: Record<string, unknown>): Promise<Record<string, unknown>> => {
  const keys = Object.keys(object);
  const values = await Promise.all(keys.map((k) => object[k]));
  const out = emptyRecord();
  keys.forEach((k, i) => { out[k] = values[i]; });
  return out;
};

const NO_ERRORS: readonly GraphQLError[] = Object.freeze([]);
const nullForNonNull = (parentType: GraphQLObjectType, field: string): Error =>
  new Error(`Cannot return null for non-nullable field ${parentType.name}.${field}.`);

class Execution {
  /** Positions nulled by an error so far; made with the first error. */
  private errorPositions: Set<Path | undefined> | undefined;
  private collected: GraphQLError[] | undefined;
  readonly fields: FieldCollector;

  constructor(
    readonly schema: GraphQLSchema,
    readonly fragments: Fragments,
    readonly operation: OperationDefinitionNode,
    readonly variableValues: Record<string, unknown>,
    readonly contextValue: unknown,
    fixedSelections: boolean,
  ) {
    this.fields = new FieldCollector(schema, fragments, variableValues, fixedSelections);
  }

  get errors(): readonly GraphQLError[] {
    return this.collected ?? NO_ERRORS;
  }

  /** An error at `path`, unless it or a position above it was already nulled by an earlier one. */
  addError(error: GraphQLError, path: Path | undefined): void {
    const positions = (this.errorPositions ??= new Set());
    for (let p = path; p !== undefined; p = p.prev) if (positions.has(p)) return;
    if (positions.has(undefined)) return;
    positions.add(path);
    (this.collected ??= []).push(error);
  }

  executeFields(parentType: GraphQLObjectType, source: unknown, path: Path | undefined, fields: FieldMap): unknown {
    const results = emptyRecord();
    let containsPromise = false;
    try {
      for (const [responseName, nodes] of fields) {
        const result = this.executeField(parentType, source, nodes, { prev: path, key: responseName, typename: parentType.name });
        if (result !== undefined) {
          results[responseName] = result;
          if (isPromise(result)) containsPromise = true;
        }
      }
    } catch (error) {
      if (containsPromise) return promiseForObject(results).finally(() => { throw error; });
      throw error;
    }
    return containsPromise ? promiseForObject(results) : results;
  }

  executeFieldsSerially(parentType: GraphQLObjectType, source: unknown, path: Path | undefined, fields: FieldMap): unknown {
    type Results = Record<string, unknown>;
    let acc: Results | Promise<Results> = emptyRecord();
    for (const [responseName, nodes] of fields) {
      const step = (results: Results): Results | Promise<Results> => {
        const result = this.executeField(parentType, source, nodes, { prev: path, key: responseName, typename: parentType.name });
        if (result === undefined) return results;
        if (isPromise(result)) return result.then((resolved) => { results[responseName] = resolved; return results; });
        results[responseName] = result;
        return results;
      };
      acc = isPromise(acc) ? (acc as Promise<Results>).then(step) : step(acc as Results);
    }
    return acc;
  }

  private fieldDef(parentType: GraphQLObjectType, node: FieldNode): GraphQLField<unknown, unknown> | undefined {
    const name = node.name.value;
    if (name === SchemaMetaFieldDef.name && this.schema.getQueryType() === parentType) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name && this.schema.getQueryType() === parentType) return TypeMetaFieldDef;
    if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    return parentType.getFields()[name];
  }

  private executeField(parentType: GraphQLObjectType, source: unknown, nodes: readonly FieldNode[], path: Path): unknown {
    const fieldDef = this.fieldDef(parentType, nodes[0]!);
    if (!fieldDef) return undefined;
    const returnType = fieldDef.type;
    // What the default resolver would return, read once: a property that is not a method.
    let value: unknown;
    let read = false;
    if (!fieldDef.resolve && fieldDef.args.length === 0 && ((typeof source === 'object' && source !== null) || typeof source === 'function')) {
      try {
        value = (source as Record<string, unknown>)[fieldDef.name];
      } catch (raw) {
        return this.fieldError(locatedError(raw, nodes, pathToArray(path)), returnType, path);
      }
      if (typeof value !== 'function') {
        read = true;
        const plain = isNonNullType(returnType) ? returnType.ofType : returnType;
        if (isLeafType(plain) && !isPromise(value)) return this.completeScalarField(parentType, fieldDef, plain, nodes, path, value);
      }
    }
    const info: GraphQLResolveInfo = {
      fieldName: fieldDef.name, fieldNodes: nodes, returnType, parentType, path, schema: this.schema, fragments: this.fragments,
      rootValue: undefined, operation: this.operation, variableValues: this.variableValues,
    };
    try {
      const args = fieldDef.args.length === 0 ? NO_ARGS : getArgumentValues(fieldDef, nodes[0]!, this.variableValues);
      const result = read ? value : (fieldDef.resolve ?? defaultFieldResolver)(source, args, this.contextValue, info);
      const completed = isPromise(result)
        ? result.then((resolved) => this.completeValue(returnType, nodes, info, path, resolved))
        : this.completeValue(returnType, nodes, info, path, result);
      if (isPromise(completed)) {
        return completed.then(undefined, (raw: unknown) => this.fieldError(locatedError(raw, nodes, pathToArray(path)), returnType, path));
      }
      return completed;
    } catch (raw) {
      return this.fieldError(locatedError(raw, nodes, pathToArray(path)), returnType, path);
    }
  }

  /**
   * What the default resolver and completeValue make of a scalar read from the parent object,
   * the same values and errors, without the resolve info that neither needs.
   */
  private completeScalarField(
    parentType: GraphQLObjectType, fieldDef: GraphQLField<unknown, unknown>, type: GraphQLLeafType, nodes: readonly FieldNode[], path: Path, value: unknown,
  ): unknown {
    try {
      if (value instanceof Error) throw value;
      if (value !== null && value !== undefined) return completeLeaf(type, value);
      if (isNonNullType(fieldDef.type)) throw nullForNonNull(parentType, fieldDef.name);
      return null;
    } catch (raw) {
      return this.fieldError(locatedError(raw, nodes, pathToArray(path)), fieldDef.type, path);
    }
  }

  private fieldError(error: GraphQLError, returnType: GraphQLOutputType, path: Path): null {
    if (isNonNullType(returnType)) throw error;
    this.addError(error, path);
    return null;
  }

  private completeValue(returnType: GraphQLOutputType, nodes: readonly FieldNode[], info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
    if (result instanceof Error) throw result;
    if (isNonNullType(returnType)) {
      const completed = this.completeValue(returnType.ofType, nodes, info, path, result);
      if (completed === null) throw nullForNonNull(info.parentType, info.fieldName);
      return completed;
    }
    if (result === null || result === undefined) return null;
    if (isListType(returnType)) return this.completeList(returnType, nodes, info, path, result);
    if (isLeafType(returnType)) return completeLeaf(returnType, result);
    if (isAbstractType(returnType)) return this.completeAbstract(returnType, nodes, info, path, result);
    if (isObjectType(returnType)) return this.completeObject(returnType, nodes, info, path, result);
    throw new Error(`Cannot complete value of unexpected output type: ${describeValue(returnType)}`);
  }

  private completeList(returnType: GraphQLList<GraphQLOutputType>, nodes: readonly FieldNode[], info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
    if (typeof result !== 'object' || typeof (result as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
      throw new GraphQLError(`Expected Iterable, but did not find one for field "${info.parentType.name}.${info.fieldName}".`);
    }
    const itemType = returnType.ofType;
    let containsPromise = false;
    const completed = Array.from(result as Iterable<unknown>, (item, index) => {
      const itemPath: Path = { prev: path, key: index, typename: undefined };
      try {
        const value = isPromise(item)
          ? item.then((resolved) => this.completeValue(itemType, nodes, info, itemPath, resolved))
          : this.completeValue(itemType, nodes, info, itemPath, item);
        if (isPromise(value)) {
          containsPromise = true;
          return value.then(undefined, (raw: unknown) => this.fieldError(locatedError(raw, nodes, pathToArray(itemPath)), itemType, itemPath));
        }
        return value;
      } catch (raw) {
        return this.fieldError(locatedError(raw, nodes, pathToArray(itemPath)), itemType, itemPath);
      }
    });
    return containsPromise ? Promise.all(completed) : completed;
  }

  private completeAbstract(returnType: GraphQLAbstractType, nodes: readonly FieldNode[], info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
    const runtime = (returnType.resolveType ?? defaultTypeResolver)(result, this.contextValue, info, returnType);
    const complete = (name: unknown) => this.completeObject(runtimeTypeOf(this.schema, name, returnType, nodes, info, result), nodes, info, path, result);
    return isPromise(runtime) ? runtime.then(complete) : complete(runtime);
  }

  private completeObject(returnType: GraphQLObjectType, nodes: readonly FieldNode[], info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
    const fields = this.fields.sub(returnType, nodes);
    if (returnType.isTypeOf) {
      const wrong = () => new GraphQLError(`Expected value of type "${returnType.name}" but got: ${describeValue(result)}.`, { nodes });
      const isTypeOf = returnType.isTypeOf(result, this.contextValue, info);
      if (isPromise(isTypeOf)) {
        return isTypeOf.then((ok) => {
          if (!ok) throw wrong();
          return this.executeFields(returnType, result, path, fields);
        });
      }
      if (!isTypeOf) throw wrong();
    }
    return this.executeFields(returnType, result, path, fields);
  }
}

const completeLeaf = (returnType: GraphQLLeafType, result: unknown): unknown => {
  const serialized = returnType.serialize(result);
  if (serialized === null || serialized === undefined) {
    throw new Error(`Expected \`${returnType.name}.serialize(${describeValue(result)})\` to return non-nullable value, returned: ${describeValue(serialized)}`);
  }
  return serialized;
};

type Data = NonNullable<ExecutionResult['data']> | null;
const respond = (data: unknown, errors: readonly GraphQLError[]): ExecutionResult =>
  (errors.length === 0 ? { data: data as Data } : { errors, data: data as Data });

/**
 * Executes one validated operation: variables coerced first (their errors answer with no data),
 * then the root fields (a mutation's one after another).
 */
export const executeOperation = (args: ExecuteArgs): ExecutionResult | Promise<ExecutionResult> => {
  const { schema, operation } = args;
  let variables = NO_VARIABLES;
  if (operation.variableDefinitions?.length) {
    const coerced = getVariableValues(schema, operation.variableDefinitions, args.variableValues ?? {}, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    variables = coerced.coerced;
  }
  const run = new Execution(schema, args.fragments, operation, variables, args.contextValue, args.fixedSelections ?? false);
  const failed = (error: unknown) => {
    run.addError(error as GraphQLError, undefined);
    return respond(null, run.errors);
  };
  try {
    const rootType = schema.getRootType(operation.operation);
    if (!rootType) throw new GraphQLError(`Schema is not configured to execute ${operation.operation} operation.`, { nodes: operation });
    const fields = run.fields.root(rootType, operation.selectionSet);
    const data = operation.operation === 'mutation'
      ? run.executeFieldsSerially(rootType, undefined, undefined, fields)
      : run.executeFields(rootType, undefined, undefined, fields);
    return isPromise(data) ? data.then((d) => respond(d, run.errors), failed) : respond(data, run.errors);
  } catch (error) {
    return failed(error);
  }
};
