// Plain-JS entry of the engine pool's threads (piscina loads it and calls its default export once per task).
// Each task names the module that runs it (worker.ts under tsx and vitest, worker.js when compiled); a .ts
// module is loaded through tsx's API, as the engine's own worker bootstrap does, and every module is loaded
// once per thread, so a thread pays for the import and the JIT only on its first task.
const loaded = new Map();

function load(entry) {
  let module = loaded.get(entry);
  if (!module) {
    module = entry.endsWith('.ts')
      ? import('tsx/esm/api').then(({ tsImport }) => tsImport(entry, import.meta.url))
      : import(entry);
    loaded.set(entry, module);
  }
  return module;
}

export default async function runPooledTask(message) {
  const module = await load(message.entry);
  return module.runInThread(message);
}
