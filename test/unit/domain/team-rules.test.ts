import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/domain/auth.js';
import { authorizeRoleChange, guardRoleUnused, requireRoleName, requireRolePermissions } from '../../../src/domain/custom-roles.js';
import { DomainError } from '../../../src/domain/errors.js';
import { authorizeAccept, authorizeInvite, authorizeRevoke, canSeeInvitation } from '../../../src/domain/invitations.js';
import { effectivePermissions, licenseIdOf, licenseOf } from '../../../src/domain/license.js';
import { ALL_ROLE_PERMISSIONS, BUILT_IN_PERMISSIONS, isRolePermission, LICENSE_FEATURES } from '../../../src/domain/permissions.js';
import { builtInRoles, Permission } from '../../../src/domain/roles.js';
import type { Invitation, Role, User } from '../../../src/domain/types.js';
import { caller, T0, tenantIds, user } from './records.js';

const { acme, globex } = tenantIds;
const withEmail = (u: User, email: string): User => ({ ...u, email });
const alice = withEmail(user('a11ce000-0000-4000-8000-000000000001'), 'alice@acme.test');
const bob = withEmail(user('b0b00000-0000-4000-8000-000000000001'), 'Bob@Acme.test');
const agent = user('a9e70000-0000-4000-8000-000000000001', 'SERVICE');
const admin = caller(alice, acme, 'TENANT_ADMIN');
const bobInGlobex = caller(bob, globex, 'USER');
const bobReadOnly = caller(bob, globex, 'READ_ONLY_USER');

const invitation = (email: string, tenantId: string = acme): Invitation => ({
  id: 'i1', tenantId, email, roleId: builtInRoles[1]!.id, invitedById: alice.id, created: T0,
});
const customRole = (tenantId: string | null = acme): Role => ({ id: 'r1', name: 'Auditor', permissions: ['read:run'], tenantId, created: T0, updated: T0 });

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}${error.field ? ` ${error.field}` : ''}`;
    throw error;
  }
  return 'ok';
};

describe('permissions as Cloud 1.0 named them', () => {
  it('uses the UI\'s hyphenated names and none of the underscore ones', () => {
    for (const p of ALL_ROLE_PERMISSIONS) expect(p).toMatch(/^(create|read|update|delete):[a-z]+(-[a-z]+)*$/);
    expect(ALL_ROLE_PERMISSIONS).toEqual(expect.arrayContaining([
      'create:service-account', 'update:service-account', 'delete:service-account', 'create:service-api-key', 'delete:service-api-key',
      'create:membership', 'create:membership-invitation', 'delete:membership-invitation',
    ]));
    expect(isRolePermission('create:service_account')).toBe(false);
  });

  it('gives each built-in role what the UI expects of it', () => {
    expect(BUILT_IN_PERMISSIONS.TENANT_ADMIN).toEqual(expect.arrayContaining(['create:service-account', 'update:tenant', 'delete:tenant', 'create:role']));
    expect(BUILT_IN_PERMISSIONS.USER).toEqual(expect.arrayContaining(['create:run', 'create:api-key', 'read:membership']));
    expect(BUILT_IN_PERMISSIONS.USER).not.toContain('create:service-account');
    expect(BUILT_IN_PERMISSIONS.USER).not.toContain('read:service-api-key');
    expect(BUILT_IN_PERMISSIONS.READ_ONLY_USER.filter((p) => !p.startsWith('read:'))).toEqual(['create:api-key', 'delete:api-key']);
    expect(BUILT_IN_PERMISSIONS.ENTERPRISE_LICENSE_ADMIN).toContain(Permission.licenseAdmin);
    expect(BUILT_IN_PERMISSIONS.TENANT_ADMIN).not.toContain(Permission.licenseAdmin);
  });
});

describe('the licence', () => {
  it('has the features that enable RBAC and custom roles, and no limits', () => {
    const license = licenseOf({ id: acme, name: 'Acme' });
    expect(license.id).toBe(licenseIdOf(acme));
    expect(license.terms.permissions).toEqual(expect.arrayContaining(['feature:basic-rbac', 'feature:custom-role']));
    expect([license.terms.users, license.terms.read_only_users, license.terms.is_self_serve]).toEqual([null, null, false]);
    expect(licenseIdOf(acme)).not.toBe(licenseIdOf(globex));
  });

  it('adds its features to the role\'s permissions', () => {
    expect(effectivePermissions(['read:run'])).toEqual(['read:run', ...LICENSE_FEATURES]);
  });
});

describe('custom roles', () => {
  it('hold known permissions the creator holds, once each', () => {
    expect(requireRolePermissions(admin, ['read:run', 'read:run', 'create:flow'], 'input.permissions')).toEqual(['read:run', 'create:flow']);
    expect(code(() => requireRolePermissions(admin, ['create:service_account'], 'input.permissions'))).toBe('BAD_USER_INPUT input.permissions[0]');
    expect(code(() => requireRolePermissions(admin, 'read:run', 'input.permissions'))).toBe('BAD_USER_INPUT input.permissions');
    expect(code(() => requireRolePermissions(admin, ['read:run', 'feature:custom-role'], 'input.permissions'))).toBe('BAD_USER_INPUT input.permissions[1]');
    // A USER cannot mint a role with admin powers (it cannot create roles anyway; the list is checked too).
    expect(code(() => requireRolePermissions(bobInGlobex, ['create:service-account'], 'input.permissions'))).toBe('BAD_USER_INPUT input.permissions[0]');
  });

  it('need a name that is neither built in nor taken in the tenant', () => {
    expect(requireRoleName(' Auditor ', 'input.name', [])).toBe('Auditor');
    expect(code(() => requireRoleName('tenant_admin', 'input.name', []))).toBe('BAD_USER_INPUT input.name');
    expect(code(() => requireRoleName('auditor', 'input.name', [customRole()]))).toBe('BAD_USER_INPUT input.name');
    expect(code(() => requireRoleName('', 'input.name', []))).toBe('BAD_USER_INPUT input.name');
  });

  it('are changed by their tenant\'s admins; built-in roles never; other tenants\' are not found', () => {
    expect(authorizeRoleChange(admin, customRole(), Permission.updateRole, 'input.role_id').id).toBe('r1');
    expect(code(() => authorizeRoleChange(admin, builtInRoles[0], Permission.deleteRole, 'input.role_id'))).toBe('BAD_USER_INPUT input.role_id');
    expect(code(() => authorizeRoleChange(admin, customRole(globex), Permission.deleteRole, 'input.role_id'))).toBe('NOT_FOUND');
    expect(code(() => authorizeRoleChange(admin, undefined, Permission.deleteRole, 'input.role_id'))).toBe('NOT_FOUND');
    expect(code(() => authorizeRoleChange(caller(bob, acme, 'USER'), customRole(), Permission.updateRole, 'input.role_id'))).toBe('FORBIDDEN');
  });

  it('cannot be deleted while a member or an invitation uses them', () => {
    expect(code(() => guardRoleUnused(customRole(), 0, 0))).toBe('ok');
    expect(code(() => guardRoleUnused(customRole(), 1, 0))).toBe('FORBIDDEN');
    expect(code(() => guardRoleUnused(customRole(), 0, 2))).toBe('FORBIDDEN');
  });
});

describe('invitations', () => {
  it('are seen by the tenant\'s admins and by the invitee, whatever the case of the email', () => {
    const toBob = invitation('bob@acme.test');
    expect(canSeeInvitation(admin, toBob)).toBe(true);
    expect(canSeeInvitation(bobInGlobex, toBob)).toBe(true);
    expect(canSeeInvitation(caller(alice, globex, 'TENANT_ADMIN'), toBob)).toBe(false);
  });

  it('are sent by admins only, never to a member or twice', () => {
    expect(code(() => authorizeInvite(admin, 'new@x.test', false, []))).toBe('ok');
    expect(code(() => authorizeInvite(caller(bob, acme, 'USER'), 'new@x.test', false, []))).toBe('FORBIDDEN');
    expect(code(() => authorizeInvite(admin, 'bob@acme.test', true, []))).toBe('BAD_USER_INPUT input.email');
    expect(code(() => authorizeInvite(admin, 'new@x.test', false, [invitation('new@x.test')]))).toBe('BAD_USER_INPUT input.email');
    expect(code(() => authorizeInvite(admin, 'new@x.test', false, [invitation('new@x.test', globex)]))).toBe('ok');
  });

  it('are accepted by their invitee only, a person not yet a member', () => {
    const toBob = invitation('bob@acme.test');
    expect(authorizeAccept(bobInGlobex, toBob, undefined)).toBe(toBob);
    expect(code(() => authorizeAccept(admin, toBob, undefined))).toBe('FORBIDDEN');
    expect(code(() => authorizeAccept(caller(alice, globex, 'USER'), toBob, undefined))).toBe('NOT_FOUND');
    expect(code(() => authorizeAccept(bobInGlobex, undefined, undefined))).toBe('NOT_FOUND');
    expect(code(() => authorizeAccept(bobInGlobex, toBob, bobInGlobex.membership))).toBe('BAD_USER_INPUT input.invitation_id');
    const agentCaller: Caller = caller(agent, acme, 'TENANT_ADMIN');
    expect(code(() => authorizeAccept(agentCaller, invitation('x@y.test'), undefined))).toBe('FORBIDDEN');
  });

  it('are revoked by admins and declined by the invitee', () => {
    expect(code(() => authorizeRevoke(admin, invitation('x@y.test')))).toBe('ok');
    expect(code(() => authorizeRevoke(bobReadOnly, invitation('bob@acme.test')))).toBe('ok');
    expect(code(() => authorizeRevoke(caller(bob, acme, 'READ_ONLY_USER'), invitation('x@y.test')))).toBe('FORBIDDEN');
    expect(code(() => authorizeRevoke(caller(alice, globex, 'TENANT_ADMIN'), invitation('x@y.test')))).toBe('NOT_FOUND');
  });
});
