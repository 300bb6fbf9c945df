import { roleById, tenantById } from '../service/directory.js';
import type { GraphQLContext } from './context.js';
import { wireRole, wireTenant } from './wire.js';

type RoleAndTenant = { role_id: string; tenant_id: string };

/** `role`, `role_detail` and `tenant` of anything that names a role and a tenant (memberships, invitations). */
export const roleAndTenantFields = {
  role: (row: RoleAndTenant, _: unknown, ctx: GraphQLContext) => roleById(ctx.useCase, row.role_id)?.name ?? 'UNKNOWN',
  role_detail: (row: RoleAndTenant, _: unknown, ctx: GraphQLContext) => {
    const role = roleById(ctx.useCase, row.role_id);
    return role ? wireRole(role) : null;
  },
  tenant: (row: RoleAndTenant, _: unknown, ctx: GraphQLContext) => {
    const tenant = tenantById(ctx.useCase, row.tenant_id);
    return tenant ? wireTenant(tenant) : null;
  },
};
