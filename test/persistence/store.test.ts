import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Op } from '../../src/store/ops.js';
import { STATE_FORMAT, STATE_VERSION, type StateDocument } from '../../src/store/snapshot.js';
import type { TableData } from '../../src/store/state.js';
import { Store } from '../../src/store/store.js';
import {
  agentRow, baseTables, bytesOf, crashImage, dataFileIn, journalLines, journalOf, keyRow, readDocument, removeDirs, tempDir,
} from './helpers.js';

const openStore = async (dataFile: string, tables?: TableData): Promise<Store> => {
  const initial = tables ?? (await baseTables());
  return Store.openFile(dataFile, () => initial);
};

const stores: Store[] = [];
const track = (store: Store): Store => {
  stores.push(store);
  return store;
};

/** node's FileHandle prototype (not ours): instrumented to count and gate fsyncs. */
const fileHandlePrototype = async (): Promise<FileHandle> => {
  const probe = await open(import.meta.filename, 'r');
  await probe.close();
  return Object.getPrototypeOf(probe) as FileHandle;
};

const putKey = (i: number, nameLength?: number): Op => ['put', 'apiKeys', keyRow(i, nameLength)];

const documentOf = (tables: TableData, seq: number, extra: Record<string, unknown> = {}): StateDocument =>
  ({ format: STATE_FORMAT, version: STATE_VERSION, seq, clock: null, tables, ...extra }) as StateDocument;

const writeJson = (path: string, value: unknown): void => writeFileSync(path, JSON.stringify(value, null, 1));

const line = (seq: number, ops: Op[]): string => `${JSON.stringify({ seq, ops })}\n`;

/** Settles `promise` and reports whether it did within `ms`. */
const settlesWithin = async (promise: Promise<unknown>, ms: number): Promise<boolean> => {
  let settled = false;
  void promise.finally(() => {
    settled = true;
  });
  await new Promise((r) => setTimeout(r, ms));
  return settled;
};

afterEach(async () => {
  vi.restoreAllMocks();
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  removeDirs();
});

describe('commit and reopen', () => {
  it('gives back exactly the committed state, after a clean close and after a crash', async () => {
    const dataFile = dataFileIn(tempDir());
    const store = track(await openStore(dataFile));
    const agent = agentRow(2_000);
    await store.commit([putKey(1), ['put', 'agents', agent]]);
    await Promise.all([store.commit([putKey(2)]), store.commit([putKey(3)])]);
    const fixtureKey = [...store.state.apiKeys.all()][0]!;
    await store.commit([['del', 'apiKeys', fixtureKey.id]]);
    const expected = store.document(null);
    expect(expected.seq).toBe(4);

    // A crash right after the acknowledgements: the files as they are now.
    const crashed = track(await openStore(crashImage(dataFile)));
    expect(crashed.document(null)).toEqual(expected);
    expect(crashed.state.apiKeys.get(fixtureKey.id)).toBeUndefined();

    await store.close();
    // A clean close folds the journal into one complete JSON document.
    expect(bytesOf(journalOf(dataFile))?.length ?? 0).toBe(0);
    expect(readDocument(dataFile)).toEqual(expected);
    const reopened = track(await openStore(dataFile));
    expect(reopened.document(null)).toEqual(expected);
    await reopened.commit([putKey(5)]);
    expect(journalLines(dataFile).map((l) => l.seq)).toEqual([5]);
  });

  it('acknowledges a commit only once its journal line is fsynced', async () => {
    const dataFile = dataFileIn(tempDir());
    const store = track(await openStore(dataFile));
    const proto = await fileHandlePrototype();
    const datasync = proto.datasync;
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    const spy = vi.spyOn(proto, 'datasync').mockImplementation(async function (this: FileHandle) {
      await gate;
      return datasync.call(this);
    });
    const row = keyRow(1);
    const commit = store.commit([['put', 'apiKeys', row]]);
    // Applied in memory at once; acknowledged only once durable.
    expect(store.state.apiKeys.get(row.id)).toEqual(row);
    expect(await settlesWithin(commit, 100)).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    open();
    await commit;
    expect(journalLines(dataFile)).toHaveLength(1);
  });

  it('shares one write and fsync among concurrent commits (group commit)', async () => {
    const dataFile = dataFileIn(tempDir());
    const store = track(await openStore(dataFile));
    const proto = await fileHandlePrototype();
    const datasync = vi.spyOn(proto, 'datasync');
    const appends = vi.spyOn(proto, 'appendFile');
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.commit([putKey(i)])));
    const lines = journalLines(dataFile);
    expect(lines).toHaveLength(200);
    expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // The first commit starts a write at once; the 199 arriving meanwhile share the next one.
    expect(datasync.mock.calls.length).toBeLessThanOrEqual(3);
    expect(appends.mock.calls.length).toBe(datasync.mock.calls.length);
    console.log(`group commit: 200 concurrent commits, ${datasync.mock.calls.length} fsyncs`);
  });

  it('costs the size of the change, not of the store: the same bytes per commit at 100 and at 100,000 rows', async () => {
    const appended: number[] = [];
    for (const rows of [100, 100_000]) {
      const tables = await baseTables();
      for (let i = 0; i < rows; i++) tables.apiKeys.push(keyRow(i, 20));
      const dataFile = dataFileIn(tempDir());
      const store = track(await openStore(dataFile, tables));
      const before = statSync(dataFile);
      const sizes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = statSync(journalOf(dataFile)).size;
        await store.commit([putKey(1_000_000 + i, 20)]);
        sizes.push(statSync(journalOf(dataFile)).size - start);
      }
      // The snapshot is not rewritten by a commit.
      const after = statSync(dataFile);
      expect([after.ino, after.size, after.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);
      expect(new Set(sizes).size).toBe(1);
      appended.push(sizes[0]!);
      await store.close();
    }
    expect(appended[0]).toBeGreaterThan(0);
    expect(appended[1]).toBe(appended[0]);
    console.log(`write cost: ${appended[0]} journal bytes per commit at 100 rows, ${appended[1]} at 100,000 rows`);
  });
});

describe('compaction', () => {
  it('folds the journal into the snapshot once it passes the threshold, losing nothing committed meanwhile', async () => {
    const dataFile = dataFileIn(tempDir());
    const store = track(await openStore(dataFile));
    const snapshotBefore = statSync(dataFile).size;
    const agentId = agentRow(0).id;
    // One agent rewritten with ~200 KB of labels: the journal grows, the state does not.
    let stamp = 0;
    const heartbeat = (): Promise<void> =>
      store.commit([['put', 'agents', agentRow(200_000, agentId, new Date(Date.UTC(2026, 0, 1, 0, 0, ++stamp)).toISOString())]]);
    let grownTo = 0;
    while (statSync(dataFile).size === snapshotBefore) {
      await heartbeat();
      grownTo = Math.max(grownTo, statSync(journalOf(dataFile)).size);
      expect(stamp).toBeLessThan(40);
    }
    // Commits keep being acknowledged while the snapshot is written.
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.commit([putKey(i)])));
    await vi.waitFor(() => expect(readDocument(dataFile).seq).toBeGreaterThanOrEqual(stamp), { timeout: 5_000 });
    expect(grownTo).toBeGreaterThanOrEqual(1 << 20);
    expect(statSync(dataFile).size).toBeGreaterThan(snapshotBefore + 200_000);
    expect(statSync(journalOf(dataFile)).size).toBeLessThan(grownTo);
    const snapshotSeq = readDocument(dataFile).seq;
    // Whatever stays in the journal comes after the snapshot.
    for (const l of journalLines(dataFile)) expect(l.seq).toBeGreaterThan(snapshotSeq);

    const expected = store.document(null);
    const crashed = track(await openStore(crashImage(dataFile)));
    expect(crashed.document(null)).toEqual(expected);
    await store.close();
    const reopened = track(await openStore(dataFile));
    expect(reopened.document(null)).toEqual(expected);
  });

  it('replays only the journal entries after the snapshot (a crash between snapshot and journal truncation)', async () => {
    const dataFile = dataFileIn(tempDir());
    const tables = await baseTables();
    const k1 = keyRow(1);
    tables.apiKeys.push({ ...k1, name: 'as in the snapshot' });
    const fixtureKey = tables.apiKeys[0]!;
    writeJson(dataFile, documentOf(tables, 5));
    const k2 = keyRow(2);
    writeFileSync(journalOf(dataFile), [
      line(4, [['put', 'apiKeys', { ...k1, name: 'older than the snapshot' }]]),
      line(5, [['del', 'apiKeys', fixtureKey.id]]),
      line(6, [['put', 'apiKeys', k2]]),
    ].join(''));
    const store = track(await openStore(dataFile));
    expect(store.state.apiKeys.get(k1.id)?.name).toBe('as in the snapshot');
    expect(store.state.apiKeys.get(fixtureKey.id)).toEqual(fixtureKey);
    expect(store.state.apiKeys.get(k2.id)).toEqual(k2);
    await store.commit([putKey(3)]);
    expect(journalLines(dataFile).at(-1)?.seq).toBe(7);
  });
});

describe('damaged journal', () => {
  it('cuts a torn last line (a crash mid-write) and opens', async () => {
    const dataFile = dataFileIn(tempDir());
    writeJson(dataFile, documentOf(await baseTables(), 0));
    const [k1, k2] = [keyRow(1), keyRow(2)];
    const good = line(1, [['put', 'apiKeys', k1]]) + line(2, [['put', 'apiKeys', k2]]);
    const torn = line(3, [['put', 'apiKeys', keyRow(3)]]).slice(0, 40);
    writeFileSync(journalOf(dataFile), good + torn);
    const store = track(await openStore(dataFile));
    expect(store.state.apiKeys.get(k1.id)).toEqual(k1);
    expect(store.state.apiKeys.get(k2.id)).toEqual(k2);
    expect(readFileSync(journalOf(dataFile), 'utf8')).toBe(good);
    await store.commit([putKey(4)]);
    expect(journalLines(dataFile).map((l) => l.seq)).toEqual([1, 2, 3]);
    const expected = store.document(null);
    expect(track(await openStore(crashImage(dataFile))).document(null)).toEqual(expected);
  });

  it('refuses a corrupt line before the end, naming the file and the line, and leaves both files untouched', async () => {
    const dataFile = dataFileIn(tempDir());
    writeJson(dataFile, documentOf(await baseTables(), 0));
    writeFileSync(journalOf(dataFile), `${line(1, [putKey(1)])}{"seq":2,"ops":[["put","apiK\n${line(3, [putKey(3)])}`);
    const before = [bytesOf(dataFile), bytesOf(journalOf(dataFile))];
    const failure = openStore(dataFile);
    await expect(failure).rejects.toThrow(journalOf(dataFile));
    await expect(failure).rejects.toThrow(/line 2 is corrupt/);
    expect([bytesOf(dataFile), bytesOf(journalOf(dataFile))]).toEqual(before);
    expect(existsSync(`${dataFile}.lock`)).toBe(false);
  });

  it('refuses a journal without its data file, creating nothing', async () => {
    const dataFile = dataFileIn(tempDir());
    writeFileSync(journalOf(dataFile), line(1, [putKey(1)]));
    const before = bytesOf(journalOf(dataFile));
    await expect(openStore(dataFile)).rejects.toThrow(/data file .*state\.json is missing but its journal .*state\.json\.journal has entries/);
    expect(existsSync(dataFile)).toBe(false);
    expect(bytesOf(journalOf(dataFile))).toEqual(before);
    expect(existsSync(`${dataFile}.lock`)).toBe(false);
  });
});

describe('damaged or newer data file', () => {
  const valid = JSON.stringify(documentOf({} as TableData, 0), null, 1);
  const cases: [string, string, RegExp][] = [
    ['not JSON', 'this is not json', /not valid JSON/],
    ['truncated', valid.slice(0, Math.floor(valid.length / 2)), /not valid JSON .*truncated or corrupt/],
    ['empty', '', /it is empty/],
    ['whitespace only', ' \n', /it is empty/],
    ['null', 'null', /\(root\) must be a JSON object/],
    ['false', 'false', /\(root\) must be a JSON object/],
    ['an array', '[]', /\(root\) must be a JSON object/],
    ['another format', '{"hello": "world"}', /format must be/],
    ['a bad row', JSON.stringify({ ...JSON.parse(valid), tables: { apiKeys: [{ id: 1 }] } }), /tables\.apiKeys\[0\]\.id/],
  ];
  for (const [name, content, problem] of cases) {
    it(`refuses a data file that is ${name}, naming the file and the problem, and changes nothing`, async () => {
      const dir = tempDir();
      const dataFile = dataFileIn(dir);
      writeFileSync(dataFile, content);
      const failure = openStore(dataFile);
      await expect(failure).rejects.toThrow(dataFile);
      await expect(failure).rejects.toThrow(problem);
      expect(readFileSync(dataFile, 'utf8')).toBe(content);
      expect(readdirSync(dir)).toEqual(['state.json']);
    });
  }

  it('refuses a newer version, saying to upgrade, with data file and journal untouched', async () => {
    const dir = tempDir();
    const dataFile = dataFileIn(dir);
    writeJson(dataFile, documentOf(await baseTables(), 3, { version: STATE_VERSION + 1 }));
    // Even a torn last line, which an open would cut, stays.
    writeFileSync(journalOf(dataFile), line(4, [putKey(1)]) + line(5, [putKey(2)]).slice(0, 30));
    const before = [bytesOf(dataFile), bytesOf(journalOf(dataFile))];
    const failure = openStore(dataFile);
    await expect(failure).rejects.toThrow(dataFile);
    await expect(failure).rejects.toThrow(/version is 2, newer than this emulator understands .*upgrade prefect-cloud-emulator/);
    expect([bytesOf(dataFile), bytesOf(journalOf(dataFile))]).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['state.json', 'state.json.journal']);
  });
});

describe('start-up housekeeping', () => {
  it('removes the temporary files of a run that died mid-write, and nothing else', async () => {
    const dir = tempDir();
    const dataFile = dataFileIn(dir);
    writeJson(dataFile, documentOf(await baseTables(), 0));
    for (const name of ['.state.json.tmp-12345', '.state.json.tmp-1', '.other.json.tmp-7', 'state.json.tmp-7', '.state.json.tmp-abc']) {
      writeFileSync(join(dir, name), '{"half": ');
    }
    track(await openStore(dataFile));
    expect(readdirSync(dir).sort()).toEqual(
      ['.other.json.tmp-7', '.state.json.tmp-abc', 'state.json', 'state.json.journal', 'state.json.lock', 'state.json.tmp-7'].sort(),
    );
  });
});

describe('lock', () => {
  it('refuses a second open of the same data file in this process, until the first is closed', async () => {
    const dir = tempDir();
    const dataFile = dataFileIn(dir);
    const first = track(await openStore(dataFile));
    await expect(openStore(dataFile)).rejects.toThrow(/already open in this process/);
    await expect(openStore(join(dir, '.', 'state.json'))).rejects.toThrow(dataFile);
    await first.commit([putKey(1)]);
    await first.close();
    expect(existsSync(`${dataFile}.lock`)).toBe(false);
    const second = track(await openStore(dataFile));
    expect(second.document(null)).toEqual(first.document(null));
  });

  it('refuses a data file another process holds, and takes its lock over once that process is gone', async () => {
    const dataFile = dataFileIn(tempDir());
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'hold-lock.ts'), dataFile], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('locked')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
      });
      const before = bytesOf(dataFile);
      await expect(openStore(dataFile)).rejects.toThrow(
        new RegExp(`data file .*state\\.json is in use by another emulator \\(pid ${child.pid}\\)`),
      );
      expect(bytesOf(dataFile)).toEqual(before);
      // A crash leaves the lock file behind, with a pid that no longer runs.
      child.kill('SIGKILL');
      await exited;
      expect(readFileSync(`${dataFile}.lock`, 'utf8')).toBe(String(child.pid));
      track(await openStore(dataFile));
      expect(readFileSync(`${dataFile}.lock`, 'utf8')).toBe(String(process.pid));
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a stale lock: a pid that does not exist, or our own pid left by an earlier run', async () => {
    for (const stalePid of [2_147_483_646, process.pid]) {
      const dataFile = dataFileIn(tempDir());
      writeFileSync(`${dataFile}.lock`, String(stalePid));
      const store = track(await openStore(dataFile));
      expect(readFileSync(`${dataFile}.lock`, 'utf8')).toBe(String(process.pid));
      await store.close();
      expect(existsSync(`${dataFile}.lock`)).toBe(false);
    }
  });
});

describe('replaceAll (reset, restore)', () => {
  it('is durable once settled and empties the journal', async () => {
    const dataFile = dataFileIn(tempDir());
    const store = track(await openStore(dataFile));
    await store.commit([putKey(1)]);
    await store.commit([putKey(2)]);
    expect(statSync(journalOf(dataFile)).size).toBeGreaterThan(0);
    const next = await baseTables();
    next.apiKeys.push(keyRow(3), keyRow(4));
    await store.replaceAll(next);
    expect(statSync(journalOf(dataFile)).size).toBe(0);
    const onDisk = readDocument(dataFile);
    expect(onDisk).toEqual(store.document(null));
    expect(onDisk.tables.apiKeys.map((k) => k.id).sort()).toEqual(next.apiKeys.map((k) => k.id).sort());
    expect(track(await openStore(crashImage(dataFile))).document(null)).toEqual(store.document(null));
  });

  it('keeps a commit made right after it, in the same tick', async () => {
    const dataFile = dataFileIn(tempDir());
    const store = track(await openStore(dataFile));
    await store.commit([putKey(1)]);
    const added = keyRow(2);
    await Promise.all([store.replaceAll(await baseTables()), store.commit([['put', 'apiKeys', added]])]);
    const expected = store.document(null);
    expect(expected.tables.apiKeys.map((k) => k.id)).toContain(added.id);
    expect(track(await openStore(crashImage(dataFile))).document(null)).toEqual(expected);
    await store.close();
    expect(track(await openStore(dataFile)).document(null)).toEqual(expected);
  });

  it('keeps commits made while a compaction and a reset overlap', async () => {
    const dataFile = dataFileIn(tempDir());
    const store = track(await openStore(dataFile));
    const proto = await fileHandlePrototype();
    const sync = proto.sync;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let gated = 0;
    // Holds the snapshot's fsync: the compaction stays in progress until the gate opens.
    vi.spyOn(proto, 'sync').mockImplementation(async function (this: FileHandle) {
      gated += 1;
      await gate;
      return sync.call(this);
    });
    const big = agentRow(300_000);
    for (let i = 0; i < 4; i++) await store.commit([['put', 'agents', { ...big, name: `ballast ${i}` }]]);
    await vi.waitFor(() => expect(gated).toBeGreaterThan(0));
    const before = keyRow(1);
    const after = keyRow(2);
    const beforeCommit = store.commit([['put', 'apiKeys', before]]);
    const reset = store.replaceAll(await baseTables());
    const afterCommit = store.commit([['put', 'apiKeys', after]]);
    release();
    await Promise.all([beforeCommit, reset, afterCommit]);
    const expected = store.document(null);
    expect(expected.tables.apiKeys.map((k) => k.id)).toContain(after.id);
    expect(expected.tables.apiKeys.map((k) => k.id)).not.toContain(before.id);
    vi.restoreAllMocks();
    expect(track(await openStore(crashImage(dataFile))).document(null)).toEqual(expected);
    await store.close();
    expect(track(await openStore(dataFile)).document(null)).toEqual(expected);
  });
});

describe('write failures', () => {
  const diskFull = (): Error => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });

  it('a journal write that fails half-way is cut off, so later lines do not follow a torn one', async () => {
    const dataFile = dataFileIn(tempDir());
    const store = track(await openStore(dataFile));
    await store.commit([putKey(1)]);
    const proto = await fileHandlePrototype();
    const appendFile = proto.appendFile;
    let fail = true;
    vi.spyOn(proto, 'appendFile').mockImplementation(async function (this: FileHandle, data, options) {
      if (!fail) return appendFile.call(this, data, options);
      fail = false;
      await appendFile.call(this, String(data).slice(0, 25), options);
      throw diskFull();
    });
    await expect(store.commit([putKey(2)])).rejects.toThrow(/could not be written: the disk is full \(ENOSPC\)/);
    const after = keyRow(3);
    await store.commit([['put', 'apiKeys', after]]);
    vi.restoreAllMocks();
    expect(journalLines(dataFile).map((l) => l.seq)).toEqual([1, 3]);
    const reopened = track(await openStore(crashImage(dataFile)));
    expect(reopened.state.apiKeys.get(after.id)).toEqual(after);
  });

  it('a compaction that fails leaves the commits that waited for it to the journal, acknowledged', async () => {
    const dataFile = dataFileIn(tempDir());
    const store = track(await openStore(dataFile));
    const proto = await fileHandlePrototype();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // The snapshot's temp file write (the journal only appends) waits, then fails.
    const writeFile = vi.spyOn(proto, 'writeFile').mockImplementation(async () => {
      await gate;
      throw diskFull();
    });
    const big = agentRow(300_000);
    for (let i = 0; i < 4; i++) await store.commit([['put', 'agents', { ...big, name: `ballast ${i}` }]]);
    // The fourth write started a compaction: this commit waits for it, to be covered by it.
    const waiting = keyRow(1);
    const commit = store.commit([['put', 'apiKeys', waiting]]);
    await vi.waitFor(() => expect(writeFile).toHaveBeenCalled());
    expect(journalLines(dataFile).map((l) => l.seq)).toEqual([1, 2, 3, 4]);
    release();
    await expect(commit).resolves.toBeUndefined();
    expect(journalLines(dataFile).map((l) => l.seq)).toContain(5);
    vi.restoreAllMocks();
    const expected = store.document(null);
    await store.close();
    expect(track(await openStore(dataFile)).document(null)).toEqual(expected);
  });
});
