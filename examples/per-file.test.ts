// An emulator of its own for one test file: started before its tests, reset after each, closed
// at the end. In memory, on a free port, with the default fixture.
import { startEmulator, type RunningEmulator } from 'prefect-cloud-emulator';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ frozenAt: '2030-01-01T00:00:00Z' });
});

afterEach(async () => {
  await emulator.reset(); // back to the fixture, clock included
});

afterAll(async () => {
  await emulator.close();
});

const whoAmI = async (key: string) => {
  const res = await fetch(emulator.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ auth_info { user_id } }' }),
  });
  const body = (await res.json()) as { data?: { auth_info: { user_id: string } }; errors?: { extensions?: { code?: string } }[] };
  return body.data?.auth_info?.user_id ?? body.errors?.[0]?.extensions?.code;
};

it('expires a key when the clock moves past its expiry', async () => {
  const bob = emulator.fixtureKeys().find((k) => k.ref === 'acme-user')!;
  const { key } = await emulator.mintKey({ user_id: bob.userId, expires_at: '+30d' });
  expect(await whoAmI(key)).toBe(bob.userId);

  emulator.clock.advance('P31D');
  expect(await whoAmI(key)).toBe('UNAUTHENTICATED');
});

it('starts every test from the fixture', async () => {
  expect(emulator.clock.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
  expect(await whoAmI(emulator.key('acme-user'))).toBe(emulator.fixtureKeys().find((k) => k.ref === 'acme-user')!.userId);
});

it('restores a saved state', async () => {
  const saved = emulator.snapshot();
  const { key } = await emulator.mintKey({ user_id: emulator.fixtureKeys()[0]!.userId });
  await emulator.restore(saved);
  expect(await whoAmI(key)).toBe('UNAUTHENTICATED');
});
