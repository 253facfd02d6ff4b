// What the jobs keep: artifacts under ARTIFACT_DIR (atomic write, SHA-256, verified load), uploaded dataset
// files, and the JobStore port (job-store.ts) with its MikroORM adapter (orm-store.ts), whose append stores
// a batch of events and an optional conditional status change in one transaction.
export {
  ArtifactIntegrityError,
  readJsonArtifact,
  removeArtifactPaths,
  resolveArtifactPath,
  runArtifactDir,
  runArtifactPath,
  sha256Hex,
  writeBinaryArtifact,
  writeFileAtomic,
  writeJsonArtifact,
} from './artifacts.js';
export { storeUpload, UploadTooLargeError, type StoredUpload, type UploadedFile } from './datasets.js';
export type { JobStore } from './job-store.js';
export { OrmJobStore, eventId, toStoredEvent } from './orm-store.js';
