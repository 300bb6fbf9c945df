/**
 * Bounds on what one request may make the emulator do, so that no single request can stall the
 * others (every request runs on one event loop). Each is checked before the work starts and
 * answered with an error naming it.
 */
export const LIMITS = {
  /** Characters in one `_like` / `_ilike` pattern (names are at most 255). */
  likePatternLength: 256,
  /** `_like` / `_ilike` operators in one `where`. */
  likeOperators: 20,
  /** Comparisons and `_and` / `_or` / `_not` nodes in one `where`. */
  whereConditions: 200,
  /** Values in one `_in` / `_nin` list. */
  inValues: 1_000,
  /** API keys one user or service account may hold. */
  keysPerUser: 1_000,
  /** Labels of one agent, and characters in one label. */
  agentLabels: 1_000,
  agentLabelLength: 255,
  /** Tenants, users plus service accounts, and API keys in one fixture given or generated through the control API. */
  generatedTenants: 50,
  generatedPrincipals: 200,
  generatedKeys: 500,
} as const;
