import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every name src/index.ts exports carries TSDoc, read from its declaration (in index.ts or in
 * the module it is re-exported from), and so does every member of the interfaces index.ts
 * declares. Syntax only, no type checker: fast.
 */
const INDEX = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

const parse = (file: string): ts.SourceFile =>
  ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);

const hasDoc = (node: ts.Node): boolean =>
  ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && (doc.comment !== undefined || (doc.tags?.length ?? 0) > 0));

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

const resolveModule = (from: string, specifier: string): string =>
  fileURLToPath(new URL(specifier.replace(/\.js$/, '.ts'), `file://${from}`));

/** The declaration named `name` in `file`: an interface, a type, a class, a function or a const. */
const findDeclaration = (file: string, name: string): ts.Node | undefined => {
  for (const statement of parse(file).statements) {
    if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isClassDeclaration(statement)
      || ts.isFunctionDeclaration(statement)) && statement.name?.text === name) return statement;
    if (ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)) return statement;
  }
  return undefined;
};

interface Exported { name: string; file: string; node: ts.Node | undefined }

const exportsOfIndex = (): Exported[] => {
  const index = parse(INDEX);
  const importedFrom = new Map<string, { file: string; name: string }>();
  for (const statement of index.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !statement.moduleSpecifier.text.startsWith('.')) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      importedFrom.set(element.name.text, { file: resolveModule(INDEX, statement.moduleSpecifier.text), name: (element.propertyName ?? element.name).text });
    }
  }
  const found: Exported[] = [];
  for (const statement of index.statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        const local = (element.propertyName ?? element.name).text;
        const origin = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
          ? { file: resolveModule(INDEX, statement.moduleSpecifier.text), name: local }
          : importedFrom.get(local);
        found.push({ name: element.name.text, file: origin?.file ?? INDEX, node: origin ? findDeclaration(origin.file, origin.name) : undefined });
      }
    } else if (isExported(statement)) {
      const names = ts.isVariableStatement(statement)
        ? statement.declarationList.declarations.map((d) => (d.name as ts.Identifier).text)
        : [((statement as ts.DeclarationStatement).name as ts.Identifier).text];
      for (const name of names) found.push({ name, file: INDEX, node: statement });
    }
  }
  return found;
};

describe('TSDoc on the public API', () => {
  const exported = exportsOfIndex();

  it('finds the exports, re-exports included', () => {
    const names = exported.map((e) => e.name);
    for (const name of ['startEmulator', 'resolveFixture', 'StartOptions', 'RunningEmulator', 'ClockControls', 'Fixture', 'FixtureKey', 'MintedKey', 'StateDocument', 'VERSION', 'GenerateOptions']) {
      expect(names).toContain(name);
    }
  });

  it('every export has TSDoc', () => {
    const missing = exported.filter((e) => !e.node || !hasDoc(e.node)).map((e) => `${e.name} (${e.file})`);
    expect(missing).toEqual([]);
  });

  it('every member of the interfaces src/index.ts declares has TSDoc', () => {
    const missing: string[] = [];
    for (const e of exported) {
      if (e.file !== INDEX || !e.node || !ts.isInterfaceDeclaration(e.node)) continue;
      for (const member of e.node.members) {
        if (!hasDoc(member)) missing.push(`${e.name}.${member.name?.getText() ?? '?'}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
