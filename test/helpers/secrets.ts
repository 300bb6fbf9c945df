import { expect } from 'vitest';

/**
 * Fails when any of `secrets` occurs in `text`, saying which by index only: a failure message
 * must not show the secret either.
 */
export const expectNoSecret = (text: string, secrets: readonly string[], where: string): void => {
  const leaked = secrets.map((s, i) => (text.includes(s) ? i : -1)).filter((i) => i >= 0);
  expect(leaked, `secrets (by index) found in ${where}`).toEqual([]);
};
