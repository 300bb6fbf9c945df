import { createHash } from 'node:crypto';

export const slugify = (name: string): string =>
  name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'tenant';

/** Service accounts have no login; their username only has to be unique and recognisable. */
export const serviceAccountUsername = (name: string, id: string): string =>
  `${slugify(name).slice(0, 60)}-${id.slice(0, 8)}@service-account`;

/**
 * A stable UUID (version-5 layout) derived from a name, so fixture records without an id get
 * the same id on every load.
 */
export const derivedUuid = (...parts: string[]): string => {
  const h = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
