#!/usr/bin/env node
// Checks the GraphQL operations of a checkout of the Cloud 1.0 web UI (PrefectHQ/ui) against
// schema.graphql, without copying any of them into this repository: it reads the UI's
// src/graphql/**/*.gql and its gql-tag templates (with the Cloud branch of `${isCloud ? ... : ''}`)
// and prints, per operation, whether it validates.
//
//   node scripts/check-ui-operations.mjs <ui work tree | bare git dir> [--ref HEAD] [--only <regex>]
//
// Exit status 1 when an operation selected by --only does not validate.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';

const args = process.argv.slice(2);
const source = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--ref' && args[args.indexOf(a) - 1] !== '--only');
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
if (!source) {
  console.error('usage: node scripts/check-ui-operations.mjs <ui work tree | bare git dir> [--ref HEAD] [--only <regex>]');
  process.exit(2);
}
const ref = option('--ref', 'HEAD');
const only = new RegExp(option('--only', '.'));

/** The UI's files under src/ that may hold operations: [path, text]. */
const files = () => {
  const wanted = (p) => p.startsWith('src/') && (p.endsWith('.gql') || p.endsWith('.js') || p.endsWith('.vue'));
  if (existsSync(join(source, 'src'))) {
    const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
    return walk(join(source, 'src')).map((f) => relative(source, f)).filter(wanted).map((p) => [p, readFileSync(join(source, p), 'utf8')]);
  }
  const git = (...a) => execFileSync('git', ['--git-dir', source, ...a], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return git('ls-tree', '-r', '--name-only', ref, 'src').split('\n').filter(wanted).map((p) => [p, git('show', `${ref}:${p}`)]);
};

/** The body of every gql`…` template in a JS/Vue file, with nested `${…}` (and templates inside them) kept as written. */
const templates = (text) => {
  const out = [];
  for (let at = text.indexOf('gql`'); at >= 0; at = text.indexOf('gql`', at + 4)) {
    let i = at + 4;
    let depth = 0;
    let body = '';
    while (i < text.length) {
      const c = text[i];
      if (depth === 0 && c === '`') break;
      if (c === '$' && text[i + 1] === '{') { depth += 1; body += '${'; i += 2; continue; }
      if (depth > 0 && c === '}') depth -= 1;
      if (depth > 0 && c === '`') {
        // A template inside an interpolation: copy it whole.
        const end = text.indexOf('`', i + 1);
        body += text.slice(i, end + 1);
        i = end + 1;
        continue;
      }
      body += c;
      i += 1;
    }
    out.push(body);
  }
  return out;
};

/** The documents of a file: a .gql file is one; a template's Cloud branch is kept, other interpolations dropped. */
const documents = (path, text) => {
  if (path.endsWith('.gql')) return [text];
  return templates(text)
    .filter((t) => !t.includes('${mutation}'))
    .map((t) => t.replace(/\$\{\s*isCloud\s*\?\s*`([^`]*)`\s*:\s*'[^']*'\s*\}/g, '$1').replace(/\$\{[^}]*\}/g, ''));
};

const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
let failed = 0;
let passed = 0;
for (const [path, text] of files()) {
  if (!only.test(path)) continue;
  for (const doc of documents(path, text)) {
    let ast;
    try {
      ast = parse(doc);
    } catch {
      continue; // not a GraphQL document (a template built at run time)
    }
    const names = ast.definitions.map((d) => d.name?.value ?? '(anonymous)').join(', ');
    const errors = validate(schema, ast);
    if (errors.length === 0) passed += 1;
    else failed += 1;
    console.log(`${errors.length === 0 ? 'ok  ' : 'FAIL'} ${path} ${names}${errors.length ? `: ${errors[0].message}` : ''}`);
  }
}
console.log(`${passed} validate, ${failed} do not`);
process.exit(failed > 0 ? 1 : 0);
