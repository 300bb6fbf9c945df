import { hash } from 'node:crypto';

/** Lowercase ASCII letters, digits and single hyphens; accents are folded rather than dropped. May be empty. */
export const slugify = (text: string): string =>
  text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

/** A tenant's slug from its name when none is given: at most 100 characters, never empty. */
export const slugFromName = (name: string): string => slugify(name).slice(0, 100) || 'tenant';

/** Service accounts have no login; their username only has to be unique and recognisable. */
export const serviceAccountUsername = (name: string, id: string): string =>
  `${slugFromName(name).slice(0, 60)}-${id.slice(0, 8)}@service-account`;

/**
 * A stable UUID (version-5 layout) derived from a name, so fixture records without an id get
 * the same id on every load.
 */
export const derivedUuid = (...parts: string[]): string => {
  const h = hash('sha1', parts.join('\u0000'), 'hex');
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
