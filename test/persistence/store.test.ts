import { statSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import {
  agentRow, baseTables, bytesOf, crashImage, dataFileIn, journalLines, journalOf, keyRow, readDocument, tempDir,
} from './helpers.js';
import {
  documentOf, fileHandlePrototype, line, openStore, putKey, settlesWithin, track, useStoreCleanup, writeJson,
} from './store-helpers.js';

useStoreCleanup();

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
