// Follows a run's runEvents subscription into a LiveRunState (replay, then live; completes at run.closed).
import { useEffect, useState } from 'preact/hooks';
import { subscribe } from '../api.js';
import { RunEventsDoc } from '../documents.js';
import { applyEvent, emptyLiveState, type LiveRunState, type StreamEvent } from '../live.js';

export interface RunStream {
  state: LiveRunState;
  events: StreamEvent[];
  version: number;
  closed: boolean;
  error: string | null;
}

export function useRunStream(runId: string | null, onTerminal?: () => void): RunStream {
  const [stream, setStream] = useState<RunStream>(() => ({ state: emptyLiveState(), events: [], version: 0, closed: false, error: null }));
  useEffect(() => {
    if (!runId) return;
    const state = emptyLiveState();
    const events: StreamEvent[] = [];
    setStream({ state, events, version: 0, closed: false, error: null });
    let version = 0;
    let closed = false;
    const unsubscribe = subscribe(
      RunEventsDoc,
      { runId },
      (data) => {
        const event = data.runEvents;
        if (event.seq <= state.lastSeq) return;
        applyEvent(state, event);
        events.push(event);
        if (event.kind === 'run.closed') closed = true;
        if (/^run\.(succeeded|failed|cancelled|started)$/.test(event.kind)) onTerminal?.();
        version += 1;
        setStream({ state, events, version, closed, error: null });
      },
      (error) => setStream((s) => ({ ...s, error: error.message })),
    );
    return unsubscribe;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId]);
  return stream;
}
