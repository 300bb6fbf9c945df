import {
  defaultFieldResolver, defaultTypeResolver, getArgumentValues, getDirectiveValues, getVariableValues, GraphQLError, GraphQLIncludeDirective,
  GraphQLSkipDirective, isAbstractType, isLeafType, isListType, isNonNullType, isObjectType, locatedError, SchemaMetaFieldDef, typeFromAST,
  TypeMetaFieldDef, TypeNameMetaFieldDef,
  type DirectiveNode, type ExecutionResult, type FieldNode, type FragmentDefinitionNode, type GraphQLAbstractType, type GraphQLField, type GraphQLLeafType,
  type GraphQLList, type GraphQLObjectType, type GraphQLOutputType, type GraphQLResolveInfo, type GraphQLSchema, type InlineFragmentNode,
  type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import { describeValue } from './describe-value.js';

/**
 * GraphQL execution as graphql-js 16 does it (same order of resolution, same results, same
 * error messages and paths, null propagation, serial mutations), without one thing: graphql-js
 * memoises each object's sub-selection in a WeakMap keyed by the request's execution context.
 * Every request then adds entries to a long-lived WeakMap, and a young-generation collection
 * keeps those entries and what they hold alive until they are promoted: with the emulator's
 * small requests that was most of what each collection copied, and most of its time. Here a
 * request keeps its own cache, which dies with it.
 */

type Path = { readonly prev: Path | undefined; readonly key: string | number; readonly typename: string | undefined };
type FieldMap = Map<string, FieldNode[]>;
type Fragments = Record<string, FragmentDefinitionNode>;

/** What the document gives every request once: its fragments by name. */
export const fragmentsOf = (definitions: readonly { kind: string }[]): Fragments => {
  const fragments: Fragments = Object.create(null) as Fragments;
  for (const d of definitions) if (d.kind === 'FragmentDefinition') fragments[(d as FragmentDefinitionNode).name.value] = d as FragmentDefinitionNode;
  return fragments;
};

export interface ExecuteArgs {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Fragments;
  variableValues: Record<string, unknown> | null | undefined;
  contextValue: unknown;
}

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
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  keys.forEach((k, i) => { out[k] = values[i]; });
  return out;
};

class Execution {
  private readonly errorPositions = new Set<Path | undefined>();
  readonly errors: GraphQLError[] = [];
  private lastSub: { type: GraphQLObjectType; nodes: readonly FieldNode[]; fields: FieldMap } | undefined;
  private subCache: Map<GraphQLObjectType, Map<readonly FieldNode[], FieldMap>> | undefined;

  constructor(
    readonly schema: GraphQLSchema,
    readonly fragments: Fragments,
    readonly operation: OperationDefinitionNode,
    readonly variableValues: Record<string, unknown>,
    readonly contextValue: unknown,
  ) {}

  /** An error at `path`, unless it or a position above it was already nulled by an earlier one. */
  addError(error: GraphQLError, path: Path | undefined): void {
    for (let p = path; p !== undefined; p = p.prev) if (this.errorPositions.has(p)) return;
    if (this.errorPositions.has(undefined)) return;
    this.errorPositions.add(path);
    this.errors.push(error);
  }

  collectFields(type: GraphQLObjectType, selectionSet: SelectionSetNode, fields: FieldMap, visited: Set<string>): FieldMap {
    for (const s of selectionSet.selections) {
      if (s.kind === 'Field') {
        if (!this.included(s)) continue;
        const name = s.alias ? s.alias.value : s.name.value;
        const list = fields.get(name);
        if (list) list.push(s);
        else fields.set(name, [s]);
      } else if (s.kind === 'InlineFragment') {
        if (!this.included(s) || !this.conditionMatches(s, type)) continue;
        this.collectFields(type, s.selectionSet, fields, visited);
      } else {
        const name = s.name.value;
        if (visited.has(name) || !this.included(s)) continue;
        visited.add(name);
        const fragment = this.fragments[name];
        if (!fragment || !this.conditionMatches(fragment, type)) continue;
        this.collectFields(type, fragment.selectionSet, fields, visited);
      }
    }
    return fields;
  }

  /** The merged selection of `nodes` on `type`, worked out once per request (a list's items share it). */
  subfields(type: GraphQLObjectType, nodes: readonly FieldNode[]): FieldMap {
    const last = this.lastSub;
    if (last && last.type === type && last.nodes === nodes) return last.fields;
    let fields = this.subCache?.get(type)?.get(nodes);
    if (!fields) {
      fields = new Map();
      const visited = new Set<string>();
      for (const node of nodes) if (node.selectionSet) this.collectFields(type, node.selectionSet, fields, visited);
      if (last) {
        this.subCache ??= new Map();
        let byNodes = this.subCache.get(type);
        if (!byNodes) this.subCache.set(type, (byNodes = new Map()));
        byNodes.set(nodes, fields);
      }
    }
    this.lastSub = { type, nodes, fields };
    return fields;
  }

  private included(node: { readonly directives?: readonly DirectiveNode[] }): boolean {
    if (!node.directives?.length) return true;
    const skip = getDirectiveValues(GraphQLSkipDirective, node, this.variableValues);
    if (skip?.['if'] === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, node, this.variableValues);
    return include?.['if'] !== false;
  }

  private conditionMatches(fragment: InlineFragmentNode | FragmentDefinitionNode, type: GraphQLObjectType): boolean {
    if (!fragment.typeCondition) return true;
    const condition = typeFromAST(this.schema, fragment.typeCondition);
    if (condition === type) return true;
    return condition !== undefined && isAbstractType(condition) && this.schema.isSubType(condition, type);
  }

  executeFields(parentType: GraphQLObjectType, source: unknown, path: Path | undefined, fields: FieldMap): unknown {
    const results: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
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
    let acc: Results | Promise<Results> = Object.create(null) as Results;
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

  private executeField(parentType: GraphQLObjectType, source: unknown, nodes: FieldNode[], path: Path): unknown {
    const fieldDef = this.fieldDef(parentType, nodes[0]!);
    if (!fieldDef) return undefined;
    const returnType = fieldDef.type;
    const info: GraphQLResolveInfo = {
      fieldName: fieldDef.name, fieldNodes: nodes, returnType, parentType, path, schema: this.schema, fragments: this.fragments,
      rootValue: undefined, operation: this.operation, variableValues: this.variableValues,
    };
    try {
      const args = getArgumentValues(fieldDef, nodes[0]!, this.variableValues);
      const result = (fieldDef.resolve ?? defaultFieldResolver)(source, args, this.contextValue, info);
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

  private fieldError(error: GraphQLError, returnType: GraphQLOutputType, path: Path): null {
    if (isNonNullType(returnType)) throw error;
    this.addError(error, path);
    return null;
  }

  private completeValue(returnType: GraphQLOutputType, nodes: FieldNode[], info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
    if (result instanceof Error) throw result;
    if (isNonNullType(returnType)) {
      const completed = this.completeValue(returnType.ofType, nodes, info, path, result);
      if (completed === null) throw new Error(`Cannot return null for non-nullable field ${info.parentType.name}.${info.fieldName}.`);
      return completed;
    }
    if (result === null || result === undefined) return null;
    if (isListType(returnType)) return this.completeList(returnType, nodes, info, path, result);
    if (isLeafType(returnType)) return completeLeaf(returnType, result);
    if (isAbstractType(returnType)) return this.completeAbstract(returnType, nodes, info, path, result);
    if (isObjectType(returnType)) return this.completeObject(returnType, nodes, info, path, result);
    throw new Error(`Cannot complete value of unexpected output type: ${describeValue(returnType)}`);
  }

  private completeList(returnType: GraphQLList<GraphQLOutputType>, nodes: FieldNode[], info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
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

  private completeAbstract(returnType: GraphQLAbstractType, nodes: FieldNode[], info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
    const runtime = (returnType.resolveType ?? defaultTypeResolver)(result, this.contextValue, info, returnType);
    const complete = (name: unknown) => this.completeObject(this.runtimeType(name, returnType, nodes, info, result), nodes, info, path, result);
    return isPromise(runtime) ? runtime.then(complete) : complete(runtime);
  }

  private runtimeType(name: unknown, returnType: GraphQLAbstractType, nodes: FieldNode[], info: GraphQLResolveInfo, result: unknown): GraphQLObjectType {
    const field = `${info.parentType.name}.${info.fieldName}`;
    if (name === null || name === undefined) {
      throw new GraphQLError(`Abstract type "${returnType.name}" must resolve to an Object type at runtime for field "${field}". Either the "${returnType.name}" type should provide a "resolveType" function or each possible type should provide an "isTypeOf" function.`, { nodes });
    }
    if (isObjectType(name)) throw new GraphQLError('Support for returning GraphQLObjectType from resolveType was removed in graphql-js@16.0.0 please return type name instead.');
    if (typeof name !== 'string') {
      throw new GraphQLError(`Abstract type "${returnType.name}" must resolve to an Object type at runtime for field "${field}" with value ${describeValue(result)}, received "${describeValue(name)}".`);
    }
    const type = this.schema.getType(name);
    if (type === null || type === undefined) throw new GraphQLError(`Abstract type "${returnType.name}" was resolved to a type "${name}" that does not exist inside the schema.`, { nodes });
    if (!isObjectType(type)) throw new GraphQLError(`Abstract type "${returnType.name}" was resolved to a non-object type "${name}".`, { nodes });
    if (!this.schema.isSubType(returnType, type)) throw new GraphQLError(`Runtime Object type "${type.name}" is not a possible type for "${returnType.name}".`, { nodes });
    return type;
  }

  private completeObject(returnType: GraphQLObjectType, nodes: FieldNode[], info: GraphQLResolveInfo, path: Path, result: unknown): unknown {
    const fields = this.subfields(returnType, nodes);
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
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], args.variableValues ?? {}, { maxErrors: 50 });
  if (coerced.errors) return { errors: coerced.errors };
  const run = new Execution(schema, args.fragments, operation, coerced.coerced, args.contextValue);
  const failed = (error: unknown) => {
    run.addError(error as GraphQLError, undefined);
    return respond(null, run.errors);
  };
  try {
    const rootType = schema.getRootType(operation.operation);
    if (!rootType) throw new GraphQLError(`Schema is not configured to execute ${operation.operation} operation.`, { nodes: operation });
    const fields = run.collectFields(rootType, operation.selectionSet, new Map(), new Set());
    const data = operation.operation === 'mutation'
      ? run.executeFieldsSerially(rootType, undefined, undefined, fields)
      : run.executeFields(rootType, undefined, undefined, fields);
    return isPromise(data) ? data.then((d) => respond(d, run.errors), failed) : respond(data, run.errors);
  } catch (error) {
    return failed(error);
  }
};
