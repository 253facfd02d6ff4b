import type { Artifact } from '../entities/index.js';
import { builder } from './builder.js';

export const ArtifactRef = builder.objectRef<Artifact>('Artifact').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind', { description: '"pipeline" (fitted on the train part) or "final_pipeline" (refitted on all rows).' }),
    sha256: t.exposeString('sha256', { description: 'SHA-256 of the file; it is re-checked on every load.' }),
    sizeBytes: t.exposeInt('sizeBytes'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
