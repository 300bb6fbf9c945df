import { randomInt } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH_INFO, consistencyProblems, gql, request, requireBuiltCli, startCli, type RunningCli, type SnapshotTables,
} from './cli.js';
import { dataFileIn, journalOf, removeDirs, tempDir } from './helpers.js';
import { Workload } from './workload.js';

/**
 * The real CLI on a data file, under a steady stream of mutations from several clients, killed
 * with SIGKILL again and again: at random moments, and on purpose in the middle of compactions.
 * After every restart the store must load and hold every acknowledged write, whole.
 * CRASH_KILLS sets the number of kills (default 15).
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 15);
const TEMP_FILE = /^\.state\.json\.tmp-\d+$/;

type KillPlan = 'random' | 'snapshot-write' | 'snapshot-renamed';

const planFor = (kill: number): KillPlan => (kill % 3 === 1 ? 'snapshot-write' : kill % 3 === 2 ? 'snapshot-renamed' : 'random');

beforeAll(() => requireBuiltCli());
afterAll(() => removeDirs());

describe('crash test', () => {
  it('loses no acknowledged write when the process is killed at random moments, compactions included', async () => {
    const dir = tempDir();
    const dataFile = dataFileIn(dir);
    const workload = new Workload({ deletes: true, ballastBytes: 200_000 });
    const lost = new Set<string>();
    const problems: string[] = [];
    const seen = { snapshotWrites: 0, killedMidWrite: 0, killedAfterRename: 0 };

    // Compactions show as a temporary file appearing beside the data file, then renamed over it.
    let onSnapshot: ((phase: 'created' | 'renamed') => void) | null = null;
    const watcher = watch(dir, (event, name) => {
      if (event !== 'rename' || !name || !TEMP_FILE.test(name)) return;
      const phase = existsSync(join(dir, name)) ? 'created' : 'renamed';
      if (phase === 'created') seen.snapshotWrites += 1;
      onSnapshot?.(phase);
    });

    const verify = async (running: RunningCli, when: string): Promise<void> => {
      const snapshot = await request(`${running.url}/__emulator/snapshot`, {});
      expect(snapshot.status).toBe(200);
      const tables = snapshot.body.tables as SnapshotTables;
      const live = new Map(tables.apiKeys.map((k) => [k.id, k]));
      const revoked = new Set(tables.revokedKeys.map((k) => k.id));
      for (const key of workload.acked.values()) {
        if (workload.deleted.has(key.id)) {
          if (live.has(key.id) || !revoked.has(key.id)) lost.add(`revocation of ${key.id}`);
        } else if (!workload.deleteAttempted.has(key.id)) {
          const row = live.get(key.id);
          if (!row || row.userId !== key.userId || row.tenantId !== key.tenantId) lost.add(`key ${key.id}`);
        }
        // A revocation that was never acknowledged may or may not have happened.
      }
      if (workload.agentId) {
        const agent = (tables.agents as (SnapshotTables['agents'][number] & { lastQueried: string })[]).find((a) => a.id === workload.agentId);
        if (!agent) lost.add(`agent ${workload.agentId}`);
        else if (Date.parse(agent.lastQueried) < workload.lastHeartbeatSentAt) lost.add(`heartbeat before ${when}`);
      }
      problems.push(...consistencyProblems(tables).map((p) => `${when}: ${p}`));
    };

    let running = await startCli(dataFile);
    let kills = 0;
    try {
      for (let kill = 1; kill <= KILLS; kill++) {
        await verify(running, `start ${kill}`);
        workload.start(running.url);
        const plan = planFor(kill);
        await new Promise<void>((resolve) => {
          // A random moment; when aiming at a compaction, the fallback if none comes soon.
          const timer = setTimeout(resolve, plan === 'random' ? randomInt(20, 301) : 3_000);
          if (plan === 'random') return;
          onSnapshot = (phase) => {
            if ((plan === 'snapshot-write') !== (phase === 'created')) return;
            onSnapshot = null;
            clearTimeout(timer);
            // Somewhere in the temp file's write and fsync, or right after the rename.
            if (plan === 'snapshot-write') setTimeout(resolve, randomInt(0, 4));
            else resolve();
          };
        });
        onSnapshot = null;
        running.child.kill('SIGKILL');
        kills += 1;
        await running.exited;
        await workload.ended();

        // Where the kill landed, as the files tell it.
        if (readdirSync(dir).some((f) => TEMP_FILE.test(f))) seen.killedMidWrite += 1;
        else {
          const snapshotSeq = (JSON.parse(readFileSync(dataFile, 'utf8')) as { seq: number }).seq;
          const journal = existsSync(journalOf(dataFile)) ? readFileSync(journalOf(dataFile), 'utf8') : '';
          const complete = journal.slice(0, journal.lastIndexOf('\n') + 1).split('\n').filter((l) => l !== '');
          if (complete.some((l) => (JSON.parse(l) as { seq: number }).seq <= snapshotSeq)) seen.killedAfterRename += 1;
        }

        running = await startCli(dataFile);
        // The dead process's temporary file, if any, was cleaned up at start.
        const ownTemp = `.state.json.tmp-${running.child.pid}`;
        expect(readdirSync(dir).filter((f) => TEMP_FILE.test(f) && f !== ownTemp)).toEqual([]);
      }
      await verify(running, 'the last start');

      // The keys themselves still work: their hashes were stored whole.
      const sample = [...workload.acked.values()].filter((k) => !workload.deleteAttempted.has(k.id)).slice(-12);
      for (const key of sample) {
        const who = await gql(running.url, key.key, AUTH_INFO, {});
        expect(who.body.data?.auth_info).toEqual({ user_id: key.userId, tenant_id: key.tenantId });
      }
      running.child.kill('SIGTERM');
      expect((await running.exited).code).toBe(0);
    } finally {
      watcher.close();
      running.child.kill('SIGKILL');
    }

    const during = seen.killedMidWrite + seen.killedAfterRename;
    console.log(`crash test: ${kills} kills tried, ${workload.acknowledged} acknowledged writes, ${lost.size} acknowledged writes lost`);
    console.log(
      `crash test: ${seen.snapshotWrites} snapshots written, ${during} kills during a compaction ` +
      `(${seen.killedMidWrite} while writing the snapshot, ${seen.killedAfterRename} between snapshot and journal truncation); ` +
      `${workload.acked.size} keys created, ${workload.deleted.size} revoked, ${workload.heartbeats} heartbeats of a 200 KB agent, ` +
      `${workload.incomplete} responses cut off by a kill (never acknowledged)`,
    );
    expect(workload.unexpected).toEqual([]);
    expect(problems).toEqual([]);
    expect([...lost]).toEqual([]);
    expect(kills).toBe(KILLS);
    expect(workload.acked.size).toBeGreaterThan(KILLS);
    expect(during).toBeGreaterThan(0);
  }, 60_000 + KILLS * 4_000);
});
