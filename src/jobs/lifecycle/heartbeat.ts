// Timing of the heartbeat (the process training a run refreshes Run.heartbeatAt) and of the recovery sweep
// (every process fails RUNNING runs whose heartbeat is older than the stale limit), and the unref'd timer
// that drives both, so a stale limit alone configures them consistently.

/** How often to beat: a quarter of the stale limit, at most 5 s, so three missed beats stay under it. */
export function heartbeatIntervalMs(staleMs: number, configured?: number): number {
  return configured ?? Math.max(1, Math.min(5_000, Math.floor(staleMs / 4)));
}

/** How often to look for abandoned runs: half the stale limit, at most 30 s. */
export function recoveryIntervalMs(staleMs: number, configured?: number): number {
  return configured ?? Math.max(1, Math.min(30_000, Math.floor(staleMs / 2)));
}

/** Calls `tick` every `ms` without keeping the process alive; returns the function that stops it. */
export function every(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
}
