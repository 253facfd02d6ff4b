// The engine's types moved to types.ts; this old path is kept while files written against it land.
// Outside src/engine, import from src/engine/index.ts (tests/engine/surface.test.ts checks it).
export * from './types.js';
