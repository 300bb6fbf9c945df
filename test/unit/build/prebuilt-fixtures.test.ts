import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prebuiltFixturesJson } from '../../../scripts/prebuilt-fixtures.mjs';
import { FIXTURES_DIR, loadFixture } from '../../../src/fixtures/load.js';
import { fixtureDigest, prebuiltLookup, type PrebuiltFixture } from '../../../src/fixtures/prebuilt.js';
import { FixtureTemplate, hasFlowRecords } from '../../../src/fixtures/template.js';
import { mintKey } from '../../../src/store/secrets.js';

/** What the build puts in the bundle (scripts/bundle-cli.mjs, in place of src/fixtures/prebuilt-data.ts). */
describe('the prebuilt fixtures the build makes', () => {
  it('holds every ready fixture without flow records, by its file\'s digest and size, and a copy of each is a copy of a build', async () => {
    const json = await prebuiltFixturesJson();
    const list = JSON.parse(json) as PrebuiltFixture[];
    const lookup = prebuiltLookup(json);
    const names = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();
    let movable = 0;
    for (const name of names) {
      const file = new URL(name, FIXTURES_DIR);
      const bytes = readFileSync(file);
      const { fixture } = await loadFixture({ file: file.pathname });
      const entry = list.find((p) => p.sha256 === fixtureDigest(bytes));
      if (hasFlowRecords(fixture)) {
        expect(entry, name).toBeUndefined();
        continue;
      }
      movable++;
      expect(entry?.bytes, name).toBe(bytes.length);
      const now = Date.now() + 3_600_000;
      const copy = lookup(file)!.instantiate(now, now, mintKey);
      const built = FixtureTemplate.build(fixture, now, mintKey).instantiate(now, now, mintKey);
      expect(copy.state.export(), name).toEqual(built.state.export());
      expect(copy.keys, name).toEqual(built.keys);
    }
    expect(movable).toBeGreaterThan(0);
    expect(list).toHaveLength(movable);
    // No key is minted by the build: a fixture's own keys are in the fixture already.
    expect(json).not.toMatch(/pce_0{43}/);
  });
});
