/**
 * Tenant secrets (`set_secret`), by tenant and name. Their values are held in memory only: they
 * are never journaled, written to the data file or put in a snapshot, so a reset, a restore or a
 * restart forgets them, and no file the emulator writes can leak one.
 */
export class SecretVault {
  private readonly byTenant = new Map<string, Map<string, { value: unknown; updated: string }>>();

  set(tenantId: string, name: string, value: unknown, now: string): void {
    let secrets = this.byTenant.get(tenantId);
    if (!secrets) this.byTenant.set(tenantId, (secrets = new Map()));
    secrets.set(name, { value, updated: now });
  }

  get(tenantId: string, name: string): unknown {
    return this.byTenant.get(tenantId)?.get(name)?.value;
  }

  has(tenantId: string, name: string): boolean {
    return this.byTenant.get(tenantId)?.has(name) ?? false;
  }

  delete(tenantId: string, name: string): boolean {
    return this.byTenant.get(tenantId)?.delete(name) ?? false;
  }

  names(tenantId: string): string[] {
    return [...(this.byTenant.get(tenantId)?.keys() ?? [])].sort();
  }

  clear(): void {
    this.byTenant.clear();
  }
}
