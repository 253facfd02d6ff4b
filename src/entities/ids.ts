import { randomUUID } from 'node:crypto';

/** Primary keys are UUID strings stored as varchar(36) (not a uuid column: a malformed id must simply not match). */
export const newId = (): string => randomUUID();
export const now = (): Date => new Date();
