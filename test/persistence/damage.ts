import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { Store } from '../../src/store/store.js';
import { baseTables, dataFileIn, journalOf, removeDirs, tempDir } from './helpers.js';

/** A damaged data file (and journal) that a start must refuse. */
export interface Damage {
  name: string;
  data: () => Promise<string | Buffer | 'directory' | null>;
  journal?: () => Promise<string | Buffer>;
  /** What the message must say, besides the file's name. */
  problem: RegExp;
  /** The file the message must name. */
  names: 'data' | 'journal';
}

export interface Tried {
  name: string;
  refused: boolean;
  untouched: boolean;
  lockReleased: boolean;
}

/** The list a catalogue records its tries in; its summary is printed once the file's tests are done. */
export const catalogueLog = (title: string): Tried[] => {
  const tried: Tried[] = [];
  afterAll(() => {
    removeDirs();
    const refused = tried.filter((t) => t.refused).length;
    console.log(
      `${title}: ${tried.length} damaged inputs tried, ${refused} refused naming the file and the problem, ` +
      `${tried.length - refused} half-loaded, ${tried.filter((t) => t.untouched).length} left untouched, ` +
      `${tried.filter((t) => !t.lockReleased).length} locks left behind`,
    );
  });
  return tried;
};

const listing = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir, { withFileTypes: true }).map((e) => [e.name, e.isDirectory() ? 'dir' : readFileSync(join(dir, e.name)).toString('base64')]));

/** Opens a store on the damaged files: it must be refused, naming the file and the problem, with the files untouched and the lock released. */
export const tryDamage = async (damage: Damage, tried: Tried[]): Promise<void> => {
  const dir = tempDir();
  const dataFile = dataFileIn(dir);
  const data = await damage.data();
  if (data === 'directory') mkdirSync(dataFile);
  else if (data !== null) writeFileSync(dataFile, data);
  if (damage.journal) writeFileSync(journalOf(dataFile), await damage.journal());
  const before = listing(dir);
  const initial = await baseTables();
  const error = await Store.openFile(dataFile, () => initial).then(
    async (store) => { await store.close(); return null; },
    (e: unknown) => e as Error,
  );
  const named = damage.names === 'data' ? dataFile : journalOf(dataFile);
  const refused = error !== null && error.message.includes(named) && damage.problem.test(error.message);
  const after = listing(dir);
  const lockReleased = !Object.hasOwn(after, 'state.json.lock');
  tried.push({ name: damage.name, refused, untouched: JSON.stringify(after) === JSON.stringify(before), lockReleased });
  expect(error?.message).toContain(named);
  expect(error?.message).toMatch(damage.problem);
  expect(after).toEqual(before);
  expect(lockReleased).toBe(true);
};
