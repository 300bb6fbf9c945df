/**
 * A start refused after the data file was locked and opened (a damaged journal line, a row
 * lacking a field, an unknown table, invalid UTF-8, a journal whose replay breaks a reference)
 * lets go of the lock: no lock file is left, and once the files are repaired the next start,
 * in the same process or in a new CLI process, opens them.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/index.js';
import { STATE_FORMAT, STATE_VERSION } from '../../src/store/snapshot.js';
import { CLI, request, requireBuiltCli, startCli } from './cli.js';
import { baseTables, dataFileIn, journalOf, keyRow, removeDirs, tempDir } from './helpers.js';

afterAll(removeDirs);

const line = (entry: unknown): string => `${JSON.stringify(entry)}\n`;
const dataText = async (edit: (tables: Awaited<ReturnType<typeof baseTables>>) => void = () => undefined): Promise<string> => {
  const tables = await baseTables();
  edit(tables);
  return JSON.stringify({ format: STATE_FORMAT, version: STATE_VERSION, seq: 0, clock: null, tables });
};
/** `text` with the first byte of `marker` replaced by 0xff: not UTF-8 any more. */
const invalidUtf8 = (text: string, marker: string): Buffer => {
  const bytes = Buffer.from(text, 'utf8');
  bytes[Buffer.byteLength(text.slice(0, text.indexOf(marker)), 'utf8')] = 0xff;
  return bytes;
};

interface Damage {
  name: string;
  /** Writes the damaged files next to `dataFile`. */
  write: (dataFile: string) => Promise<void>;
  /** The file the refusal must name, and what it must say. */
  names: 'data' | 'journal';
  problem: RegExp;
  /** Makes the files whole again (the journal's damage goes with the journal). */
  repair: (dataFile: string) => Promise<void>;
}

const withJournal = (journal: () => string | Buffer) => async (dataFile: string): Promise<void> => {
  writeFileSync(dataFile, await dataText());
  writeFileSync(journalOf(dataFile), journal());
};
const dropJournal = async (dataFile: string): Promise<void> => rmSync(journalOf(dataFile));

const DAMAGES: Damage[] = [
  {
    name: 'a journal op of unknown kind',
    write: withJournal(() => line({ seq: 1, ops: [['upsert', 'apiKeys', keyRow(1)]] })),
    names: 'journal', problem: /line 1 is corrupt \(ops\[0\] has unknown kind "upsert"/, repair: dropJournal,
  },
  {
    name: 'a journal row lacking a required field',
    write: withJournal(() => line({ seq: 1, ops: [['put', 'apiKeys', { ...keyRow(1), keyHash: undefined }]] })),
    names: 'journal', problem: /line 1 is corrupt \(ops\[0\]: the apiKeys row\.keyHash must be of type string\)/, repair: dropJournal,
  },
  {
    name: 'a journal op on an unknown table',
    write: withJournal(() => line({ seq: 1, ops: [] }) + line({ seq: 2, ops: [['put', 'widgets', { id: 'w' }]] })),
    names: 'journal', problem: /line 2 is corrupt \(ops\[0\] names unknown table "widgets"\)/, repair: dropJournal,
  },
  {
    name: 'invalid UTF-8 in the journal',
    write: withJournal(() => invalidUtf8(line({ seq: 1, ops: [['put', 'apiKeys', { ...keyRow(1), name: 'caf\u00e9' }]] }), '\u00e9')),
    names: 'journal', problem: /line 1 is corrupt \(it is not valid UTF-8/, repair: dropJournal,
  },
  {
    // Each line is well formed: only the state after replaying it is refused.
    name: 'a journal whose replay gives a key to an unknown user',
    write: withJournal(() => line({ seq: 1, ops: [['put', 'apiKeys', { ...keyRow(1), userId: '99999999-0000-4000-8000-000000000009' }]] })),
    names: 'data', problem: /with its journal replayed: tables\.apiKeys\[\d+\]\.userId refers to unknown users id/, repair: dropJournal,
  },
  {
    name: 'a data file row lacking a required field',
    write: async (dataFile) => writeFileSync(dataFile, await dataText((t) => { delete (t.apiKeys[0] as Partial<(typeof t.apiKeys)[0]>).keyHash; })),
    names: 'data', problem: /tables\.apiKeys\[0\]\.keyHash must be of type string/,
    repair: async (dataFile) => writeFileSync(dataFile, await dataText()),
  },
];

const lockOf = (dataFile: string): string => `${dataFile}.lock`;
const namedFile = (damage: Damage, dataFile: string): string => (damage.names === 'data' ? dataFile : journalOf(dataFile));

describe('a start refused after the lock was taken, through startEmulator', () => {
  for (const damage of DAMAGES) {
    it(`releases the lock after refusing ${damage.name}; the repaired files then open in the same process`, async () => {
      const dataFile = dataFileIn(tempDir());
      await damage.write(dataFile);
      const error = await startEmulator({ dataFile, logLevel: 'silent' }).then(
        async (emulator) => { await emulator.close(); return null; },
        (e: unknown) => e as Error,
      );
      expect(error, 'the start is refused').not.toBeNull();
      expect(error!.message).toContain(namedFile(damage, dataFile));
      expect(error!.message).toMatch(damage.problem);
      expect(existsSync(lockOf(dataFile)), 'no lock file left behind').toBe(false);

      await damage.repair(dataFile);
      const emulator = await startEmulator({ dataFile, logLevel: 'silent' });
      try {
        expect(existsSync(lockOf(dataFile)), 'the running emulator holds the lock').toBe(true);
        expect((await request(`${emulator.url}/health`, {})).status).toBe(200);
      } finally {
        await emulator.close();
      }
      expect(existsSync(lockOf(dataFile))).toBe(false);
    });
  }
});

/** Runs the CLI on `dataFile` until it exits by itself: for a start that must be refused. */
const refusedCli = (dataFile: string): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--data', dataFile, '--port', '0', '--log-level', 'silent', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not exit within 20 s; stdout: ${stdout}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (/ready at/.test(stdout)) reject(new Error('the CLI started on damaged files'));
      else resolve({ code, stderr });
    });
  });

describe('a start refused after the lock was taken, through the real CLI', () => {
  beforeAll(requireBuiltCli);

  for (const damage of DAMAGES.filter((d) => /unknown kind|UTF-8|replay|data file/.test(d.name))) {
    it(`exits naming the file on ${damage.name}, leaves no lock file, and starts once repaired`, async () => {
      const dataFile = dataFileIn(tempDir());
      await damage.write(dataFile);
      const refused = await refusedCli(dataFile);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(namedFile(damage, dataFile));
      expect(refused.stderr).toMatch(damage.problem);
      expect(existsSync(lockOf(dataFile)), 'no lock file left behind').toBe(false);

      await damage.repair(dataFile);
      const running = await startCli(dataFile);
      try {
        expect((await request(`${running.url}/health`, {})).status).toBe(200);
      } finally {
        running.child.kill('SIGTERM');
        expect((await running.exited).code).toBe(0);
      }
      expect(existsSync(lockOf(dataFile))).toBe(false);
    }, 60_000);
  }
});
