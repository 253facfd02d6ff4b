// Run-side settings read from the environment (kept here rather than in config.ts, which PLATFORM owns).
export interface RunLimits {
  /** Largest accepted dataset upload (MAX_UPLOAD_BYTES, default 200 MB). */
  maxUploadBytes: number;
  /** Graceful shutdown: how long running runs may continue before they are cancelled (SHUTDOWN_GRACE_MS, default 30 s). */
  shutdownGraceMs: number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer (got "${raw}")`);
  return value;
}

export function runLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RunLimits {
  return {
    maxUploadBytes: positiveInt(env, 'MAX_UPLOAD_BYTES', 200 * 1024 * 1024),
    shutdownGraceMs: positiveInt(env, 'SHUTDOWN_GRACE_MS', 30_000),
  };
}
