import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Run } from './run.js';

export const RunEvent = defineEntity({
  name: 'RunEvent',
  tableName: 'run_event',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    run: p.manyToOne(Run).deleteRule('cascade'),
    seq: p.integer(),
    kind: p.string().length(100),
    message: p.text().nullable(),
    payload: p.json<Record<string, unknown>>().nullable(),
    durationMs: p.double().runtimeType('number').$type<number>().nullable(),
    emittedAt: p.datetime(),
  }),
  uniques: [{ properties: ['run', 'seq'] }],
});
export type RunEvent = InferEntity<typeof RunEvent>;
