// Where the milliseconds of one run go in this process, from submitRun to the terminal transition: marks on
// the main thread (submit, queue pick-up, claim, task posted, 'done' received, terminal committed), marks the
// worker sends with its outcome (task received, data loaded, engine done, artifact encoded / written), and
// the event path (worker post → main receive → stored → published). Marks are wall-clock epoch milliseconds
// with sub-millisecond precision (performance.timeOrigin + now), comparable across threads and with a
// client on the same machine. Next to them, CPU time of the threads involved (the run thread's engine and
// artifact steps, the main thread from pick-up to the terminal transition), which a loaded machine inflates
// far less than wall time. A few numbers per run; logged once when the run ends (RunService).
import { readFileSync } from 'node:fs';

/** Epoch milliseconds with sub-millisecond precision; the same clock in every thread of the machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

let schedstat = process.platform === 'linux';
/**
 * CPU time of the calling thread in ms (Linux: /proc/thread-self/schedstat, nanoseconds on CPU); NaN where
 * that is not available. About 20 µs a call: a few per run.
 */
export function threadCpuMs(): number {
  if (!schedstat) return NaN;
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ', 1)[0]) / 1e6;
  } catch {
    schedstat = false;
    return NaN;
  }
}

/** Marks of a run, in the order they happen. */
export const TIMELINE_MARKS = [
  'submitReceived',
  'queued',
  'pickedUp',
  'claimed',
  'runLoaded',
  'taskPosted',
  'workerReceived',
  'dataLoaded',
  'engineDone',
  'artifactEncoded',
  'artifactWritten',
  'doneReceived',
  'terminalCommitted',
] as const;
export type TimelineMark = (typeof TIMELINE_MARKS)[number];

/** The marks a worker sets (sent back with its outcome), and its thread's CPU ms at dataLoaded, engineDone and artifactWritten. */
export type WorkerMarks = Partial<Record<'workerReceived' | 'dataLoaded' | 'engineDone' | 'artifactEncoded' | 'artifactWritten', number>> & {
  cpu?: { dataLoaded?: number; engineDone?: number; artifactWritten?: number };
};

interface Span {
  count: number;
  sum: number;
  max: number;
}
const span = (): Span => ({ count: 0, sum: 0, max: 0 });
function add(s: Span, ms: number): void {
  s.count++;
  s.sum += ms;
  if (ms > s.max) s.max = ms;
}
const round = (ms: number): number => Math.round(ms * 10) / 10;

export interface TimelineSummary {
  /** Milliseconds between consecutive marks present (e.g. "claimed→runLoaded"), and the total. */
  phases: Record<string, number>;
  /** Event path: count and mean / max milliseconds of each hop. */
  events: Record<string, { count: number; meanMs: number; maxMs: number }>;
  /** The marks themselves (epoch ms), for a client that wants to put its own times next to them. */
  marks: Partial<Record<TimelineMark, number>>;
  /** CPU ms: the run thread's engine (the calling thread's share of the compare) and artifact steps; the main thread from pick-up to the terminal transition. */
  cpu: { engine?: number; artifact?: number; main?: number };
}

export class RunTimeline {
  private readonly marks: Partial<Record<TimelineMark, number>> = {};
  private readonly workerToMain = span();
  private readonly receivedToStored = span();
  private readonly storedToPublished = span();
  private batches = 0;
  private readonly cpu: TimelineSummary['cpu'] = {};
  private mainCpuAtPickUp = NaN;

  mark(name: TimelineMark, at: number = epochMs()): void {
    if (this.marks[name] !== undefined) return;
    this.marks[name] = at;
    if (name === 'pickedUp') this.mainCpuAtPickUp = threadCpuMs();
    if (name === 'terminalCommitted') this.cpu.main = round(threadCpuMs() - this.mainCpuAtPickUp);
  }

  merge(marks: WorkerMarks | undefined): void {
    for (const [name, at] of Object.entries(marks ?? {})) if (typeof at === 'number') this.mark(name as TimelineMark, at);
    const c = marks?.cpu;
    if (c?.dataLoaded !== undefined && c.engineDone !== undefined) this.cpu.engine = round(c.engineDone - c.dataLoaded);
    if (c?.engineDone !== undefined && c.artifactWritten !== undefined) this.cpu.artifact = round(c.artifactWritten - c.engineDone);
  }

  /** An engine event posted by the worker at `postedAt` arrived now. */
  eventReceived(postedAt: number | undefined, at: number = epochMs()): void {
    if (postedAt !== undefined) add(this.workerToMain, at - postedAt);
  }

  /** A batch of events queued at `queuedAt` (each) was stored at `storedAt` and published at `publishedAt`. */
  batch(queuedAt: readonly number[], storedAt: number, publishedAt: number): void {
    this.batches++;
    for (const q of queuedAt) add(this.receivedToStored, storedAt - q);
    add(this.storedToPublished, publishedAt - storedAt);
  }

  summary(): TimelineSummary {
    const phases: Record<string, number> = {};
    let previous: [TimelineMark, number] | null = null;
    for (const name of TIMELINE_MARKS) {
      const at = this.marks[name];
      if (at === undefined) continue;
      if (previous) phases[`${previous[0]}→${name}`] = round(at - previous[1]);
      previous = [name, at];
    }
    const first = TIMELINE_MARKS.map((n) => this.marks[n]).find((m) => m !== undefined);
    if (first !== undefined && previous) phases['total'] = round(previous[1] - first);
    const stats = (s: Span) => ({ count: s.count, meanMs: s.count ? round(s.sum / s.count) : 0, maxMs: round(s.max) });
    return {
      phases,
      events: {
        workerToMain: stats(this.workerToMain),
        receivedToStored: stats(this.receivedToStored),
        storedToPublished: { ...stats(this.storedToPublished), count: this.batches },
      },
      marks: { ...this.marks },
      cpu: Object.fromEntries(Object.entries(this.cpu).filter(([, v]) => Number.isFinite(v))),
    };
  }
}

/** The timelines of the runs this process is handling (bounded by what it submits or executes at once). */
export class RunTimelines {
  private readonly byRun = new Map<string, RunTimeline>();

  /** At most this many at once: runs submitted here and trained by another process are never finished here. */
  constructor(private readonly limit = 1_000) {}

  /** The run's timeline, created on first use. */
  of(runId: string): RunTimeline {
    let t = this.byRun.get(runId);
    if (!t) {
      if (this.byRun.size >= this.limit) this.byRun.delete(this.byRun.keys().next().value as string);
      t = new RunTimeline();
      this.byRun.set(runId, t);
    }
    return t;
  }

  /** The run's timeline if it has one (no creation: e.g. events of a run another process submitted). */
  peek(runId: string): RunTimeline | undefined {
    return this.byRun.get(runId);
  }

  /** Forgets the run and returns its summary (null when it had no timeline). */
  finish(runId: string): TimelineSummary | null {
    const t = this.byRun.get(runId);
    this.byRun.delete(runId);
    return t ? t.summary() : null;
  }
}
