// Writes src/graphql/schema-types.ts from schema.graphql: a TypeScript type for every object,
// input and enum type, the arguments of every Query and Mutation field, and the columns each
// list query filters and orders by. The resolvers and the wire shapes are typed against it, so a
// field added to the schema shows up as compiler errors where it must be handled.
//
//   node scripts/schema-types.mjs          write the file (npm run generate; the build does too)
//   node scripts/schema-types.mjs --check  fail if the file is not what the schema gives (typecheck)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildASTSchema, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType, Kind, parse,
} from 'graphql';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA = join(root, 'schema.graphql');
const OUT = join(root, 'src', 'graphql', 'schema-types.ts');
const OUT_NAME = 'src/graphql/schema-types.ts';

/** How each scalar reaches a resolver and leaves one. */
const SCALARS = {
  String: 'string', Int: 'number', Float: 'number', Boolean: 'boolean', ID: 'string',
  uuid: 'string', UUID: 'string', timestamptz: 'string', DateTime: 'string', jsonb: 'unknown', JSON: 'unknown',
};
/** Which list-filter columns compare as instants rather than as strings. */
const TIME_SCALARS = new Set(['timestamptz']);
const BOOL_EXP = '_bool_exp';
const ORDER_BY = '_order_by';

/** The TypeScript for a GraphQL type reference; outputs are read-only, inputs as graphql-js builds them. */
const typeRef = (type, input) => {
  if (isNonNullType(type)) return bare(type.ofType, input);
  const ts = bare(type, input);
  return ts === 'unknown' ? ts : `${ts} | null`;
};
const bare = (type, input) => {
  if (isListType(type)) {
    const item = typeRef(type.ofType, input);
    const wrapped = item.includes('|') ? `(${item})` : item;
    return input ? `${wrapped}[]` : `readonly ${wrapped}[]`;
  }
  if (isScalarType(type)) {
    const ts = SCALARS[type.name];
    if (!ts) throw new Error(`schema-types: scalar ${type.name} has no TypeScript type; add it to SCALARS in scripts/schema-types.mjs`);
    return ts;
  }
  return type.name;
};

const doc = (description, indent) => (description ? `${indent}/** ${description.replace(/\*\//g, '*\\/').replace(/\n/g, ' ')} */\n` : '');

const argsOf = (field) => {
  if (field.args.length === 0) return 'Record<string, never>';
  const parts = field.args.map((a) => `${a.name}${isNonNullType(a.type) ? '' : '?'}: ${typeRef(a.type, true)}`);
  return `{ ${parts.join('; ')} }`;
};

/** The generated module's text. */
export const generate = (sdl) => {
  const ast = parse(sdl);
  const schema = buildASTSchema(ast);
  const out = [
    '// Generated from schema.graphql by scripts/schema-types.mjs: do not edit, run `npm run generate`.',
    '// The typecheck and the test suite fail when this file is not what the schema gives.',
    '',
  ];
  const columns = [];
  for (const definition of ast.definitions) {
    if (!('name' in definition) || !definition.name) continue;
    const name = definition.name.value;
    const type = schema.getType(name);
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && isEnumType(type)) {
      out.push(doc(type.description, ''), `export type ${name} = ${type.getValues().map((v) => `'${v.name}'`).join(' | ')};`, '');
    } else if (definition.kind === Kind.OBJECT_TYPE_DEFINITION && isObjectType(type)) {
      const fields = Object.values(type.getFields());
      if (name === 'Query' || name === 'Mutation') {
        out.push(`/** The arguments of every ${name} field, by field name. */`, `export interface ${name}Args {`);
        for (const f of fields) out.push(`  ${f.name}: ${argsOf(f)};`);
        out.push('}', '');
        continue;
      }
      out.push(doc(type.description, ''), `export interface ${name} {`);
      for (const f of fields) out.push(`${doc(f.description, '  ')}  ${f.name}: ${typeRef(f.type, false)};`);
      out.push('}', '');
    } else if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && isInputObjectType(type)) {
      // Type aliases, not interfaces: the list filters take them as plain records.
      out.push(doc(type.description, ''), `export type ${name} = {`);
      for (const f of Object.values(type.getFields())) {
        out.push(`${doc(f.description, '  ')}  ${f.name}${isNonNullType(f.type) ? '' : '?'}: ${typeRef(f.type, true)};`);
      }
      out.push('};', '');
      if (name.endsWith(BOOL_EXP)) columns.push(name.slice(0, -BOOL_EXP.length));
    }
  }

  // The columns of each list query: those of its `_bool_exp` (by comparison type) and its
  // `_order_by` (by the row type's field), each a string or a time.
  out.push(
    '/** The columns each list query filters and orders by, by row type: how `where` and `order_by` compare them. */',
    'export const listColumns = {',
  );
  for (const row of columns) {
    const kinds = new Map();
    const rowType = schema.getType(row);
    const boolExp = schema.getType(`${row}${BOOL_EXP}`);
    if (!isInputObjectType(boolExp)) throw new Error(`schema-types: ${row}${BOOL_EXP} is not an input type`);
    for (const f of Object.values(boolExp.getFields())) {
      if (f.name.startsWith('_')) continue;
      const comparison = getNamedType(f.type).name;
      kinds.set(f.name, TIME_SCALARS.has(comparison.replace(/_comparison_exp$/, '')) ? 'time' : 'string');
    }
    const orderBy = schema.getType(`${row}${ORDER_BY}`);
    for (const f of isInputObjectType(orderBy) ? Object.values(orderBy.getFields()) : []) {
      if (kinds.has(f.name)) continue;
      const field = isObjectType(rowType) ? rowType.getFields()[f.name] : undefined;
      if (!field) throw new Error(`schema-types: ${row}${ORDER_BY}.${f.name} is not a field of type ${row}`);
      kinds.set(f.name, TIME_SCALARS.has(getNamedType(field.type).name) ? 'time' : 'string');
    }
    out.push(`  ${row}: { ${[...kinds].map(([c, k]) => `${c}: '${k}'`).join(', ')} },`);
  }
  out.push('} as const;', '');
  return `${out.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n').replace(/\n\n\n+/g, '\n\n').trimEnd()}\n`;
};

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const text = generate(readFileSync(SCHEMA, 'utf8'));
  let current;
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {
    current = null;
  }
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`${OUT_NAME} is out of date with schema.graphql: run \`npm run generate\` and commit it.`);
      process.exit(1);
    }
  } else if (current !== text) {
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT_NAME}`);
  }
}
