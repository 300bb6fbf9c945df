/**
 * Which waiting runs an agent gets. Label rule (Cloud 1.0's): a run goes to an agent that has
 * every label of the run; a run without labels only to an agent without labels.
 */
export const agentMayRun = (runLabels: readonly string[], agentLabels: readonly string[]): boolean => {
  if (runLabels.length === 0) return agentLabels.length === 0;
  const have = new Set(agentLabels);
  return runLabels.every((l) => have.has(l));
};

/** How far ahead of now a run counts as due: the 1.x agent asks for runs starting in the next 10 s. */
export const QUEUE_LOOKAHEAD_MS = 10_000;

/**
 * The emulator's clock decides when a run is due; the real agent and flow runner then time it by
 * their wall clock (they sleep until its start time, and a runner that sees a start time in its
 * future ends the run). A run handed out whose start time is still ahead of the machine's time
 * (released by moving the emulator's clock forward) must therefore start at the machine's now:
 * the answer is that new start time, or null when the run may keep its own.
 */
export const handOutStart = (startIso: string, machineNow: number): number | null => {
  const start = Date.parse(startIso);
  // Within the look-ahead the agent waits for the start time itself, as it would with Cloud.
  return start > machineNow + QUEUE_LOOKAHEAD_MS ? machineNow : null;
};
