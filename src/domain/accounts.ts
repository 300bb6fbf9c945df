import type { User } from './types.js';

/**
 * Earlier versions of the emulator stored people as `STANDARD`; Cloud 1.0 said `USER` (the UI's
 * Members table keeps `account_type === 'USER'`). Data files, snapshots and journals written
 * then still load: their people are read as `USER`.
 */
export const LEGACY_PERSON = 'STANDARD';

/** A user row as stored now, whatever version wrote it. */
export const normalizeUser = (user: User): User =>
  (user.accountType as string) === LEGACY_PERSON ? { ...user, accountType: 'USER' } : user;
