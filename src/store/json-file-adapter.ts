import { readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { isAscii, isUtf8 } from 'node:buffer';
import { decodeUtf8 } from '../domain/json-input.js';

/**
 * A lowdb adapter for the data file that survives crashes: it writes a temporary file beside
 * the target, fsyncs it, renames it over the target and fsyncs the directory, so the file on
 * disk is always either the old document or the new one. lowdb's own JSONFile renames without
 * fsync, and JSONFilePreset silently swaps in memory under NODE_ENV=test, so neither is used.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  /** Size of the last document read or written, which sets when the journal is next compacted. */
  lastBytes = 0;
  /** Whether the last read found the file (whatever it held). */
  found = false;

  /** `serialize` writes the document's text (by default, indented JSON). */
  constructor(readonly path: string, private readonly serialize: (data: T) => string = (data) => JSON.stringify(data, null, 1)) {}

  async read(): Promise<T | null> {
    let bytes: Buffer;
    try {
      // At once: the promise API reads a file in 512 KiB pieces, each a round trip through
      // libuv's thread pool and the event loop (a 10 MiB file, 20 of them), and it is read
      // once, at start, before the emulator answers anything.
      bytes = readFileSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.found = false;
        return null;
      }
      throw new Error(`cannot read data file ${this.path}: ${readProblem(error)}. The file was left untouched.`, { cause: error });
    }
    this.found = true;
    this.lastBytes = bytes.length;
    const refuse = (detail: string, cause?: unknown): never => {
      throw new Error(`cannot read data file ${this.path}: ${detail}. The file was left untouched.`, { cause });
    };
    let text = '';
    try {
      text = decodeText(bytes);
    } catch (error) {
      refuse((error as Error).message, error);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      refuse(text.trim() === '' ? 'it is empty' : `it is not valid JSON (${(error as Error).message}); it may be truncated or corrupt`, error);
    }
    // How deeply it nests is checked with the document (../store/snapshot.ts), which knows
    // which parts need walking.
    return value as T;
  }

  async write(data: T): Promise<void> {
    await this.writeText(this.serialize(data));
  }

  async writeText(text: string): Promise<void> {
    const temp = join(dirname(this.path), `.${basename(this.path)}.tmp-${process.pid}`);
    const file = await open(temp, 'w', 0o600);
    try {
      try {
        await file.writeFile(text, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, this.path);
    } catch (error) {
      // A half-written temporary file on a full disk would keep it full.
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
    await syncDirectory(dirname(this.path));
    this.lastBytes = Buffer.byteLength(text);
  }
}

export const syncDirectory = async (dir: string): Promise<void> => {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    await handle.close();
  }
};

export const tempFilePattern = (dataFile: string): RegExp =>
  new RegExp(`^\\.${basename(dataFile).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp-\\d+$`);

/** Why a file could not be read, in words, with the system's code. */
export const readProblem = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'it is a directory, not a file (EISDIR)';
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  return code ? `${(error as Error).message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/, '')} (${code})` : (error as Error).message;
};

/**
 * The file's bytes as text, strictly UTF-8 (see decodeUtf8). A data file is usually all ASCII,
 * which reads as latin1 at memory speed; otherwise the bytes are checked before decoding, and
 * only a file that fails is decoded again to say where.
 */
const decodeText = (bytes: Buffer): string => {
  if (isAscii(bytes)) return bytes.toString('latin1');
  if (isUtf8(bytes)) return bytes.toString('utf8');
  return decodeUtf8(bytes);
};
