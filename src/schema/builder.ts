import SchemaBuilder from '@pothos/core';
import type { Context } from '../context.js';

export interface SchemaTypes {
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string | number };
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    /** Input only; its shape (a web File) is checked by the upload resolver. */
    File: { Input: unknown; Output: never };
  };
}

/** The one builder (configuration only). Fields are non-null unless marked `nullable: true`, as in the contract. */
export const builder = new SchemaBuilder<SchemaTypes>({
  defaultFieldNullability: false,
});

builder.queryType({});
builder.mutationType({});
