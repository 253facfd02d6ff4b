// Run events: the event sink, the one writer of a run's events in this process (seq allocated inside the
// store transaction, batches per event-loop turn, published on run:<id> only after commit, in seq order),
// and replay-then-live, which gives a subscriber the stored events after a seq and then the live ones, each
// once and in order, filling holes from the store, until run.closed.
export { EventSink, eventsOfMessage, runTopic, type EventSinkOptions, type RunTopicMessage } from './event-sink.js';
export { replayThenLive, RunEventSource, type EventReader, type LiveFeed, type ReplayOptions } from './replay-then-live.js';
export { runEventSequence, type RunEventSequence, type SequenceSink } from './run-event-sequence.js';
