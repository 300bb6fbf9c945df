/** scripts/check-ui-operations.mjs on a small tree shaped like the UI's (our own operations). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = new URL('../../scripts/check-ui-operations.mjs', import.meta.url).pathname;

describe('check-ui-operations', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pce-ui-ops-'));
    mkdirSync(join(dir, 'src', 'graphql', 'Team'), { recursive: true });
    writeFileSync(join(dir, 'src', 'graphql', 'Team', 'roles.gql'), 'query AuthRoles { auth_role { id name permissions } }\n');
    writeFileSync(join(dir, 'src', 'graphql', 'Team', 'nope.gql'), 'query Nope { no_such_field { id } }\n');
    writeFileSync(join(dir, 'src', 'graphql', 'Team', 'tenants.js'),
      "import gql from 'graphql-tag'\nexport default (isCloud) => gql`\n  query Tenants { tenant { id ${isCloud ? `license_id stripe_customer` : ''} slug } }\n`\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates .gql files and the Cloud branch of templates, and says which fail', () => {
    const run = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
    expect(run.stdout).toContain('ok   src/graphql/Team/roles.gql AuthRoles');
    expect(run.stdout).toContain('ok   src/graphql/Team/tenants.js Tenants');
    expect(run.stdout).toMatch(/FAIL src\/graphql\/Team\/nope\.gql Nope: Cannot query field "no_such_field"/);
    expect(run.stdout).toContain('2 validate, 1 do not');
    expect(run.status).toBe(1);
  });

  it('reads a bare git repository at a ref, and --only selects files', () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'ui');
    const run = spawnSync(process.execPath, [SCRIPT, join(dir, '.git'), '--ref', 'HEAD', '--only', 'roles|tenants'], { encoding: 'utf8' });
    expect(run.stdout).toContain('2 validate, 0 do not');
    expect(run.status).toBe(0);
  });
});
