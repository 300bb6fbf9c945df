import { badInput } from '../../domain/errors.js';
import { fixtureOrigin, type FixtureOrigin } from '../../fixtures/load.js';

/**
 * How control requests name a fixture (loaded, and so validated, by the reset or sandbox
 * creation it is for, before anything changes): `{ "fixture": { …inline… } }`, `{ "fixture": "default" }`
 * (a ready fixture by name), or `{ "generate": "tenants=2,users=5", "seed": 42 }`.
 */
export const fixtureFromBody = (body: Record<string, unknown>): FixtureOrigin | null => {
  const { fixture, generate, seed } = body;
  if (generate !== undefined) {
    if (typeof generate !== 'string') throw badInput('generate', 'must be a string like "tenants=2,users=10"');
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed))) throw badInput('seed', 'must be a whole number');
    return fixtureOrigin({ generate, seed: (seed as number | undefined) ?? 1, bounded: true });
  }
  if (fixture === undefined || fixture === null) return null;
  if (typeof fixture === 'string') return fixtureOrigin({ name: fixture });
  return fixtureOrigin({ inline: fixture, source: 'fixture', bounded: true });
};
