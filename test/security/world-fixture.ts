/** The matrix world's fixture: the default one plus dave, erin, a custom role per tenant and a globex agent config. */
import { readFileSync } from 'node:fs';
import type { Fixture } from '../../src/index.js';
import { ids } from '../helpers/app.js';

export const extraIds = {
  dave: '1e1e1e1e-0000-4000-8000-000000000001',
  erin: '1f1f1f1f-0000-4000-8000-000000000001',
  acmeRole: 'a0a0a0a0-0000-4000-8000-00000000a001',
  globexRole: 'b0b0b0b0-0000-4000-8000-00000000b002',
  acmeConfig: '11111111-0000-4000-8000-00000000a9e1',
  globexConfig: '22222222-0000-4000-8000-00000000a9e2',
} as const;

const DEFAULT_FIXTURE = new URL('../../fixtures/default.json', import.meta.url);

/** The default fixture plus dave, erin, a custom role per tenant and a globex agent config. */
export const matrixFixture = (): Fixture => {
  const base = JSON.parse(readFileSync(DEFAULT_FIXTURE, 'utf8')) as Fixture;
  return {
    ...base,
    description: 'security matrix world',
    roles: [
      { id: extraIds.acmeRole, name: 'acme-auditor-role', tenant_id: ids.acme, permissions: ['read:tenant', 'read:user'] },
      { id: extraIds.globexRole, name: 'globex-auditor-role', tenant_id: ids.globex, permissions: ['read:tenant', 'read:user'] },
    ],
    users: [
      ...(base.users ?? []),
      { id: extraIds.dave, username: 'dave@acme.test', email: 'dave@acme.test', first_name: 'Dave', last_name: 'Demoted', memberships: [{ tenant_id: ids.acme, role: 'TENANT_ADMIN' }] },
      { id: extraIds.erin, username: 'erin@acme.test', email: 'erin@acme.test', first_name: 'Erin', last_name: 'Removed', memberships: [{ tenant_id: ids.acme, role: 'USER' }] },
    ],
    api_keys: [
      ...(base.api_keys ?? []),
      { ref: 'acme-dave', name: 'Dave default key', user_id: extraIds.dave },
      { ref: 'acme-erin', name: 'Erin default key', user_id: extraIds.erin },
    ],
    agent_configs: [
      ...(base.agent_configs ?? []),
      { id: extraIds.globexConfig, tenant_id: ids.globex, name: 'globex-config', settings: { labels: ['globex'] } },
    ],
  };
};
