// The experiment topic: one small message ("run X changed") per committed change of one of the experiment's
// runs, published by the event sink after the commit. Subscribers (Subscription.experimentRuns) load the Run
// once per message. Changes of live progress are coalesced to at most one message per run per
// LIVE_CHANGE_INTERVAL_MS (the trailing one is always sent); creation and status changes are sent at once.
import type { PubSubEngine } from 'graphql-subscriptions';
import type { JobStore } from '../storage/job-store.js';
import { TERMINAL_STATUSES, type RunStatus } from '../types.js';

export function experimentTopic(experimentId: string): string {
  return `experiment:${experimentId}`;
}

/** What is published on experimentTopic. `status` is set when the change was a creation or status change. */
export interface ExperimentTopicMessage {
  experimentId: string;
  runId: string;
  status: RunStatus | null;
}

export function isExperimentTopicMessage(value: unknown): value is ExperimentTopicMessage {
  const m = value as Partial<ExperimentTopicMessage> | null;
  return typeof m === 'object' && m !== null && typeof m.runId === 'string' && typeof m.experimentId === 'string';
}

export const LIVE_CHANGE_INTERVAL_MS = 100;

interface Pending {
  timer: NodeJS.Timeout;
  fire: () => Promise<void>;
}

export class ExperimentNotifier {
  /** Experiment of each run this process writes events for; dropped at the run's terminal transition. */
  private readonly experiments = new Map<string, Promise<string | null>>();
  private readonly lastLive = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  /** Messages on their way (lookup + publish), awaited by flush(). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: JobStore,
    private readonly pubsub: PubSubEngine,
    private readonly onError: (error: unknown, runId: string) => void,
    private readonly intervalMs = LIVE_CHANGE_INTERVAL_MS,
  ) {}

  /** A run was created (QUEUED) or changed status: sent at once; a terminal status ends the run's bookkeeping. */
  statusChanged(runId: string, status: RunStatus, experimentId?: string): Promise<void> {
    return this.track(this.sendStatus(runId, status, experimentId));
  }

  private track(p: Promise<void>): Promise<void> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  private async sendStatus(runId: string, status: RunStatus, experimentId?: string): Promise<void> {
    const pending = this.pending.get(runId);
    if (pending) {
      clearTimeout(pending.timer); // the load after this message sees the newer state
      this.pending.delete(runId);
    }
    const experiment = experimentId ?? (await this.experimentOf(runId));
    if (TERMINAL_STATUSES.has(status)) this.forget(runId);
    else if (status !== 'queued') this.lastLive.set(runId, Date.now());
    if (experiment) await this.publish({ experimentId: experiment, runId, status });
  }

  /** The run's live progress or leaderboard changed: sent now, or once the interval since the last message is over. */
  liveChanged(runId: string): void {
    if (this.pending.has(runId)) return;
    const wait = (this.lastLive.get(runId) ?? 0) + this.intervalMs - Date.now();
    const fire = async (): Promise<void> => {
      this.pending.delete(runId);
      this.lastLive.set(runId, Date.now());
      const experiment = await this.experimentOf(runId);
      // A terminal change while the lookup ran has sent the last message already.
      if (experiment && this.experiments.has(runId)) await this.publish({ experimentId: experiment, runId, status: null });
    };
    if (wait <= 0) {
      this.lastLive.set(runId, Date.now());
      void this.track(fire());
      return;
    }
    const timer = setTimeout(() => void this.track(fire()), wait);
    timer.unref();
    this.pending.set(runId, { timer, fire });
  }

  /** Sends every coalesced message now (shutdown, tests). */
  async flush(): Promise<void> {
    const fires = [...this.pending.values()];
    for (const p of fires) clearTimeout(p.timer);
    await Promise.all([...fires.map((p) => p.fire()), ...this.inFlight]);
  }

  /** The run is gone (deleted) or ended elsewhere: drop its bookkeeping without a message. */
  forget(runId: string): void {
    const pending = this.pending.get(runId);
    if (pending) clearTimeout(pending.timer);
    this.pending.delete(runId);
    this.lastLive.delete(runId);
    this.experiments.delete(runId);
  }

  private experimentOf(runId: string): Promise<string | null> {
    let p = this.experiments.get(runId);
    if (!p) {
      p = this.store.experimentOf(runId).catch((error: unknown) => {
        this.experiments.delete(runId);
        this.onError(error, runId);
        return null;
      });
      this.experiments.set(runId, p);
    }
    return p;
  }

  private async publish(message: ExperimentTopicMessage): Promise<void> {
    try {
      await this.pubsub.publish(experimentTopic(message.experimentId), message);
    } catch (error) {
      this.onError(error, message.runId);
    }
  }
}
