import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSortedSchema } from '../../scripts/print-schema.js';

describe('schema.graphql', () => {
  it('is exactly what `npm run schema` prints (re-run it and commit schema.graphql after a schema change)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed === printSortedSchema(), 'schema.graphql is stale: run `npm run schema` and commit it').toBe(true);
  });
});
