// Operator metrics in Prometheus' text format (prom-client), served at /metrics (http/metrics.ts). Counters
// and histograms are fed where things happen (run service, event sink, GraphQL plugin); the gauges that
// describe state (runs by status, queue depth, open subscriptions and sockets) are read at scrape time.
// Node's defaults (event-loop lag, heap, GC, CPU) come from collectDefaultMetrics.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsSources {
  /** Runs per status in the shared table. */
  runsByStatus(): Promise<Record<string, number>>;
  /** This process: runs training, runs waiting for a slot, slots. */
  queue(): { running: number; waiting: number; slots: number };
  openSubscriptions(): number;
  openSockets(): number;
}

export class Metrics {
  readonly registry = new Registry();
  readonly eventsStored = new Counter({ name: 'caretql_run_events_stored_total', help: 'Run events stored', registers: [this.registry] });
  readonly eventsPublished = new Counter({ name: 'caretql_run_events_published_total', help: 'Run events published on the bus', registers: [this.registry] });
  readonly runDuration = new Histogram({
    name: 'caretql_run_duration_seconds',
    help: 'Duration of runs trained by this process, by plan and final status',
    labelNames: ['plan', 'status'],
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [this.registry],
  });
  readonly queueWait = new Histogram({
    name: 'caretql_run_queue_wait_seconds',
    help: 'Time from submit to start of runs started by this process',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900],
    registers: [this.registry],
  });
  readonly operationDuration = new Histogram({
    name: 'caretql_graphql_operation_duration_seconds',
    help: 'GraphQL execution time by operation type and root field',
    labelNames: ['type', 'field'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [this.registry],
  });
  readonly operationErrors = new Counter({
    name: 'caretql_graphql_errors_total',
    help: 'GraphQL errors sent to clients, by extensions.code',
    labelNames: ['code'],
    registers: [this.registry],
  });

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'caretql_', eventLoopMonitoringPrecision: 20 });
    const registers = [this.registry];
    new Gauge({
      name: 'caretql_runs',
      help: 'Runs by status (whole deployment)',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        for (const [status, n] of Object.entries(await sources.runsByStatus())) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'caretql_queue_depth',
      help: 'Runs QUEUED in the shared table',
      registers,
      async collect() {
        this.set((await sources.runsByStatus())['queued'] ?? 0);
      },
    });
    new Gauge({
      name: 'caretql_run_slots_busy_ratio',
      help: 'Share of this process run slots (RUN_CONCURRENCY) that are training',
      registers,
      collect() {
        const q = sources.queue();
        this.set(q.slots > 0 ? q.running / q.slots : 0);
      },
    });
    new Gauge({
      name: 'caretql_run_slots_waiting',
      help: 'Runs this process holds waiting for a slot',
      registers,
      collect() {
        this.set(sources.queue().waiting);
      },
    });
    new Gauge({ name: 'caretql_subscriptions_open', help: 'Open GraphQL subscriptions on this process', registers, collect() { this.set(sources.openSubscriptions()); } });
    new Gauge({ name: 'caretql_websockets_open', help: 'Open WebSockets on this process', registers, collect() { this.set(sources.openSockets()); } });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
