import {
  getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, isAbstractType, typeFromAST,
  type DirectiveNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema,
  type InlineFragmentNode, type SelectionSetNode,
} from 'graphql';

/** The fields a selection asks of one object type, by response name (aliases merged), in order. */
export type FieldMap = ReadonlyMap<string, readonly FieldNode[]>;
export type Fragments = Record<string, FragmentDefinitionNode>;

/** A document's fragments by name, worked out once per query text. */
export const fragmentsOf = (document: DocumentNode): Fragments => {
  const fragments = Object.create(null) as Fragments;
  for (const d of document.definitions) if (d.kind === 'FragmentDefinition') fragments[d.name.value] = d;
  return fragments;
};

const anyDirective = (set: SelectionSetNode | undefined): boolean =>
  !!set && set.selections.some((s) => !!s.directives?.length || (s.kind !== 'FragmentSpread' && anyDirective(s.selectionSet)));

/** Whether `@skip`/`@include` (through the variables) can change which fields are asked for. */
export const selectionDependsOnVariables = (document: DocumentNode): boolean =>
  document.definitions.some((d) => (d.kind === 'OperationDefinition' || d.kind === 'FragmentDefinition') && anyDirective(d.selectionSet));

/** Field maps of fixed selections, by selection (or node list) and type; they live as long as the parsed document. */
const planned = new WeakMap<object, Map<GraphQLObjectType, FieldMap>>();

/** Field collection as graphql-js does it; `fixed` selections are collected once for every request. */
export class FieldCollector {
  private last: { type: GraphQLObjectType; nodes: readonly FieldNode[]; fields: FieldMap } | undefined;
  private own: Map<GraphQLObjectType, Map<readonly FieldNode[], FieldMap>> | undefined;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Fragments,
    private readonly variableValues: Record<string, unknown>,
    private readonly fixed: boolean,
  ) {}

  /** The root selection's fields. */
  root(type: GraphQLObjectType, selectionSet: SelectionSetNode): FieldMap {
    return this.fixed ? this.plannedFor(selectionSet, type, () => this.collect(type, [selectionSet])) : this.collect(type, [selectionSet]);
  }

  /** The merged sub-selection of `nodes` on `type`: once per request at most (a list's items share it). */
  sub(type: GraphQLObjectType, nodes: readonly FieldNode[]): FieldMap {
    if (this.fixed) return this.plannedFor(nodes, type, () => this.collectSub(type, nodes));
    const last = this.last;
    if (last && last.type === type && last.nodes === nodes) return last.fields;
    let fields = this.own?.get(type)?.get(nodes);
    if (!fields) {
      fields = this.collectSub(type, nodes);
      if (last) {
        this.own ??= new Map();
        let byNodes = this.own.get(type);
        if (!byNodes) this.own.set(type, (byNodes = new Map()));
        byNodes.set(nodes, fields);
      }
    }
    this.last = { type, nodes, fields };
    return fields;
  }

  private plannedFor(key: object, type: GraphQLObjectType, make: () => FieldMap): FieldMap {
    let byType = planned.get(key);
    const known = byType?.get(type);
    if (known) return known;
    const fields = make();
    if (!byType) planned.set(key, (byType = new Map()));
    byType.set(type, fields);
    return fields;
  }

  private collectSub(type: GraphQLObjectType, nodes: readonly FieldNode[]): FieldMap {
    const sets: SelectionSetNode[] = [];
    for (const node of nodes) if (node.selectionSet) sets.push(node.selectionSet);
    return this.collect(type, sets);
  }

  private collect(type: GraphQLObjectType, sets: readonly SelectionSetNode[]): FieldMap {
    const fields = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    for (const set of sets) this.collectInto(type, set, fields, visited);
    return fields;
  }

  private collectInto(type: GraphQLObjectType, selectionSet: SelectionSetNode, fields: Map<string, FieldNode[]>, visited: Set<string>): void {
    for (const s of selectionSet.selections) {
      if (s.kind === 'Field') {
        if (!this.included(s)) continue;
        const name = s.alias ? s.alias.value : s.name.value;
        const list = fields.get(name);
        if (list) list.push(s);
        else fields.set(name, [s]);
      } else if (s.kind === 'InlineFragment') {
        if (!this.included(s) || !this.conditionMatches(s, type)) continue;
        this.collectInto(type, s.selectionSet, fields, visited);
      } else {
        const name = s.name.value;
        if (visited.has(name) || !this.included(s)) continue;
        visited.add(name);
        const fragment = this.fragments[name];
        if (!fragment || !this.conditionMatches(fragment, type)) continue;
        this.collectInto(type, fragment.selectionSet, fields, visited);
      }
    }
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
}
