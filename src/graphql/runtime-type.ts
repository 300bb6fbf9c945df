import { GraphQLError, isObjectType, type FieldNode, type GraphQLAbstractType, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
// graphql-js's own rendering of a value in its messages.
import { inspect as describeValue } from 'graphql/jsutils/inspect.js';

/** The object type an abstract type's `resolveType` named, checked as graphql-js checks it (same messages). */
export const runtimeTypeOf = (
  schema: GraphQLSchema, name: unknown, returnType: GraphQLAbstractType, nodes: readonly FieldNode[], info: GraphQLResolveInfo, result: unknown,
): GraphQLObjectType => {
  const field = `${info.parentType.name}.${info.fieldName}`;
  if (name === null || name === undefined) {
    throw new GraphQLError(`Abstract type "${returnType.name}" must resolve to an Object type at runtime for field "${field}". Either the "${returnType.name}" type should provide a "resolveType" function or each possible type should provide an "isTypeOf" function.`, { nodes });
  }
  if (isObjectType(name)) throw new GraphQLError('Support for returning GraphQLObjectType from resolveType was removed in graphql-js@16.0.0 please return type name instead.');
  if (typeof name !== 'string') {
    throw new GraphQLError(`Abstract type "${returnType.name}" must resolve to an Object type at runtime for field "${field}" with value ${describeValue(result)}, received "${describeValue(name)}".`);
  }
  const type = schema.getType(name);
  if (type === null || type === undefined) throw new GraphQLError(`Abstract type "${returnType.name}" was resolved to a type "${name}" that does not exist inside the schema.`, { nodes });
  if (!isObjectType(type)) throw new GraphQLError(`Abstract type "${returnType.name}" was resolved to a non-object type "${name}".`, { nodes });
  if (!schema.isSubType(returnType, type)) throw new GraphQLError(`Runtime Object type "${type.name}" is not a possible type for "${returnType.name}".`, { nodes });
  return type;
};
