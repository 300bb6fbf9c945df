import type { GraphQLContext } from './context.js';
import { wireRole, wireTenant } from './wire.js';

type RoleAndTenant = { role_id: string; tenant_id: string };

/** `role`, `role_detail` and `tenant` of anything that names a role and a tenant (memberships, invitations). */
export const roleAndTenantFields = {
  role: (row: RoleAndTenant, _: unknown, ctx: GraphQLContext) => ctx.instance.store.state.role(row.role_id)?.name ?? 'UNKNOWN',
  role_detail: (row: RoleAndTenant, _: unknown, ctx: GraphQLContext) => {
    const role = ctx.instance.store.state.role(row.role_id);
    return role ? wireRole(role) : null;
  },
  tenant: (row: RoleAndTenant, _: unknown, ctx: GraphQLContext) => {
    const tenant = ctx.instance.store.state.tenant(row.tenant_id);
    return tenant ? wireTenant(tenant) : null;
  },
};
