/** Display helpers. Times are shown in UTC, like the emulator's clock, so nothing depends on the browser's zone. */

const ROLE_LABELS: Record<string, string> = {
  TENANT_ADMIN: 'Administrator',
  USER: 'User',
  READ_ONLY_USER: 'Read only',
  ENTERPRISE_LICENSE_ADMIN: 'License administrator',
  RUNNER: 'Runner',
};

export function roleLabel(name: string | null | undefined): string {
  if (!name) return 'No role';
  return ROLE_LABELS[name] ?? name;
}

/** The roles a service account may be given in the picker, in this order (RUNNER is hidden). */
export const PICKABLE_ROLES = ['TENANT_ADMIN', 'USER', 'READ_ONLY_USER'] as const;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2024-05-01 13:45 UTC`; the raw value when it is not a date. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

export function formatTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatTime(iso).slice(0, -4)}:${pad(d.getUTCSeconds())} UTC`;
}

/** A key has expired when its expiry is at or before the emulator's now. */
export function isExpired(expiresAt: string | null, now: Date): boolean {
  if (!expiresAt) return false;
  const t = new Date(expiresAt).getTime();
  return !Number.isNaN(t) && t <= now.getTime();
}

/**
 * The value of a `datetime-local` input, read as UTC, to ISO-8601 with a timezone; blank → null.
 * Returns undefined when the value is not a date.
 */
export function utcInputToIso(value: string): string | null | undefined {
  const v = value.trim();
  if (!v) return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?$/.exec(v);
  if (!m) return undefined;
  const d = new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** An ISO time as the value of a `datetime-local` input in UTC (minutes precision). */
export function isoToUtcInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toISOString().slice(0, 16);
}

export function displayName(u: { first_name: string | null; last_name: string | null; username: string }): string {
  const full = [u.first_name, u.last_name].filter(Boolean).join(' ');
  return full || u.username;
}
