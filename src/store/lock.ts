import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * One emulator per data file: a second process would interleave journal writes and each would
 * overwrite the other's snapshots. The lock file holds the owner's pid; a lock whose process is
 * gone is stale and taken over.
 */
/** Lock files this process holds: a lock file with our own pid is ours only if listed here. */
const held = new Set<string>();

export class DataFileLock {
  private released = false;

  private constructor(readonly path: string) {}

  static acquire(dataFile: string): DataFileLock {
    const path = `${dataFile}.lock`;
    // Our own pid in a lock file we did not take is a leftover of an earlier run that had the
    // same pid (usual in containers, where the emulator is often pid 1): stale like any other.
    if (held.has(path)) {
      throw new Error(`data file ${dataFile} is already open in this process; close the other emulator first or use another --data file`);
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
        held.add(path);
        return new DataFileLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
        if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
          throw new Error(`data file ${dataFile} is in use by another emulator (pid ${owner}); stop it or use another --data file`, { cause: error });
        }
        rmSync(path, { force: true });
      }
    }
    throw new Error(`could not lock data file ${dataFile} (${path})`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.path);
    rmSync(this.path, { force: true });
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
