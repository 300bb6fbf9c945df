/** The data file and its journal when things go wrong: damage, a newer version, leftovers, a second process, failing writes. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { STATE_VERSION } from '../../src/store/snapshot.js';
import { TABLE_NAMES, type TableData } from '../../src/store/state.js';
import { agentRow, baseTables, bytesOf, crashImage, dataFileIn, journalLines, journalOf, keyRow, tempDir } from './helpers.js';
import { documentOf, fileHandlePrototype, line, openStore, putKey, track, useStoreCleanup, writeJson } from './store-helpers.js';

useStoreCleanup();

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
  const empty = Object.fromEntries(TABLE_NAMES.map((name) => [name, []])) as unknown as TableData;
  const valid = JSON.stringify(documentOf(empty, 0), null, 1);
  const cases: [string, string, RegExp][] = [
    ['not JSON', 'this is not json', /not valid JSON/],
    ['truncated', valid.slice(0, Math.floor(valid.length / 2)), /not valid JSON .*truncated or corrupt/],
    ['empty', '', /it is empty/],
    ['whitespace only', ' \n', /it is empty/],
    ['null', 'null', /\(root\) must be a JSON object/],
    ['false', 'false', /\(root\) must be a JSON object/],
    ['an array', '[]', /\(root\) must be a JSON object/],
    ['another format', '{"hello": "world"}', /format must be/],
    ['a bad row', JSON.stringify({ ...JSON.parse(valid), tables: { ...empty, apiKeys: [{ id: 1 }] } }), /tables\.apiKeys\[0\]\.id/],
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
    await expect(failure).rejects.toThrow(new RegExp(`version is ${STATE_VERSION + 1}, newer than this emulator understands .*upgrade prefect-cloud-emulator`));
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
