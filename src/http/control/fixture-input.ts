import { badInput } from '../../domain/errors.js';
import { loadFixture, type LoadedFixture } from '../../fixtures/load.js';

/**
 * How control requests name a fixture: `{ "fixture": { …inline… } }`, `{ "fixture": "default" }`
 * (a ready fixture by name), or `{ "generate": "tenants=2,users=5", "seed": 42 }`.
 */
export const fixtureFromBody = async (body: Record<string, unknown>): Promise<LoadedFixture | null> => {
  const { fixture, generate, seed } = body;
  if (generate !== undefined) {
    if (typeof generate !== 'string') throw badInput('generate', 'must be a string like "tenants=2,users=10"');
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed))) throw badInput('seed', 'must be a whole number');
    return loadFixture({ generate, seed: (seed as number | undefined) ?? 1 });
  }
  if (fixture === undefined || fixture === null) return null;
  if (typeof fixture === 'string') return loadFixture({ name: fixture });
  return loadFixture({ inline: fixture, source: 'fixture' });
};
