// Identity of this server process, stored in Run.claimedBy: "<host>:<pid>:<boot id>".
// Recovery uses it to tell a run of a dead process from one a live sibling is still training.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

export function createProcessId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Process ids of the run services alive in this very process (tests and embedders may run several). */
const liveHere = new Set<string>();

export function registerLiveProcessId(id: string): void {
  liveHere.add(id);
}

export function unregisterLiveProcessId(id: string): void {
  liveHere.delete(id);
}

/**
 * True when the process that claimed a run can no longer be running it: no claim, an earlier boot of
 * this very process (same pid, but no run service of that id alive here), or a pid on this host that no longer exists. Processes on other hosts are assumed
 * alive (nothing here can prove otherwise); their runs are left alone.
 */
export function isClaimantGone(claimedBy: string | null, self: string): boolean {
  if (!claimedBy) return true;
  if (claimedBy === self || liveHere.has(claimedBy)) return false;
  const [host, pidText] = claimedBy.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
