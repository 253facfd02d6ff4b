// A run's timeline (src/jobs/lifecycle/run-timeline.ts): phases between the marks present, in run order,
// worker marks merged, event hops aggregated, first mark wins, bounded registry.
import { describe, expect, it } from 'vitest';
import { RunTimeline, RunTimelines, threadCpuMs } from '../../../src/jobs/lifecycle/run-timeline.js';

describe('run timeline', () => {
  it('gives the milliseconds between consecutive marks in run order, whoever set them', () => {
    const t = new RunTimeline();
    t.mark('submitReceived', 1000);
    t.mark('queued', 1010);
    t.mark('taskPosted', 1030);
    t.mark('queued', 5000); // a second mark of the same name is ignored
    t.merge({ workerReceived: 1031, dataLoaded: 1032.5, engineDone: 1500, artifactWritten: 1510, cpu: { dataLoaded: 10, engineDone: 400, artifactWritten: 405 } });
    t.mark('doneReceived', 1511);
    t.mark('terminalCommitted', 1520);
    const s = t.summary();
    expect(s.phases).toEqual({
      'submitReceived→queued': 10,
      'queued→taskPosted': 20,
      'taskPosted→workerReceived': 1,
      'workerReceived→dataLoaded': 1.5,
      'dataLoaded→engineDone': 467.5,
      'engineDone→artifactWritten': 10,
      'artifactWritten→doneReceived': 1,
      'doneReceived→terminalCommitted': 9,
      total: 520,
    });
    expect(s.cpu).toMatchObject({ engine: 390, artifact: 5 });
    expect(s.marks.queued).toBe(1010);
  });

  it('aggregates the event hops: worker → main, queued → stored (per event), stored → published (per batch)', () => {
    const t = new RunTimeline();
    t.eventReceived(100, 102);
    t.eventReceived(100, 106);
    t.batch([110, 120], 130, 131);
    expect(t.summary().events).toEqual({
      workerToMain: { count: 2, meanMs: 4, maxMs: 6 },
      receivedToStored: { count: 2, meanMs: 15, maxMs: 20 },
      storedToPublished: { count: 1, meanMs: 1, maxMs: 1 },
    });
  });

  it('keeps at most `limit` runs (runs submitted here and trained elsewhere are never finished here)', () => {
    const all = new RunTimelines(2);
    all.of('a').mark('queued', 1);
    all.of('b');
    all.of('c');
    expect(all.peek('a')).toBeUndefined();
    expect(all.finish('b')).not.toBeNull();
    expect(all.finish('b')).toBeNull();
  });

  it("reads the calling thread's CPU time on Linux", () => {
    if (process.platform !== 'linux') return;
    const before = threadCpuMs();
    let x = 0;
    for (let i = 0; i < 2e7; i++) x += i % 3;
    expect(x).toBeGreaterThan(0);
    expect(threadCpuMs()).toBeGreaterThan(before);
  });
});
