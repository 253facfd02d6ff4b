// Writes schema.graphql (sorted) from the Pothos schema. Run `npm run schema` after any schema change and
// commit the file: tests/schema/schema-drift.test.ts fails when it differs.
import { writeFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../schema.graphql', import.meta.url), printSortedSchema());
  console.log('wrote schema.graphql');
}
