/**
 * A change that could not be made durable: the data file or its journal could not be written.
 * Memory was left (or put back) as it was before the change, so the caller may retry once the
 * cause (a full disk, a read-only mount) is gone. The message says why without the file's path,
 * which is the operator's business, not the client's.
 */
export class PersistenceError extends Error {
  /** The system error code (ENOSPC, EROFS…), when there was one. */
  readonly reason: string | undefined;

  constructor(message: string, reason?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PersistenceError';
    this.reason = reason;
  }

  /** Whether the disk (or the quota) is full: worth retrying once there is room. */
  get outOfSpace(): boolean {
    return this.reason === 'ENOSPC' || this.reason === 'EDQUOT';
  }
}

const WHY: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'an input/output error',
  EFBIG: 'the file is too large',
};

/**
 * Wraps what a failed write threw, when the system refused it (it has an errno code), into one
 * clear PersistenceError; anything else is a bug, left as it is for the edge to mask.
 */
export const persistenceError = (error: unknown): unknown => {
  if (error instanceof PersistenceError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  return new PersistenceError(`The data file could not be written: ${WHY[code] ?? 'a system error'} (${code}). The change was not made.`, code, { cause: error });
};

/** For a change built on an earlier one whose write failed: it was undone with it. */
export const dependentFailure = (): PersistenceError =>
  new PersistenceError('The data file could not be written: an earlier change this one followed could not be written. The change was not made.');
