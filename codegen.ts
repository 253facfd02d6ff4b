// Typed documents for the operations the tests use: tests/gql/**/*.graphql → tests/gql/generated/.
// Run `npm run schema && npm run codegen` after changing the schema or an operation; commit the output.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: './schema.graphql',
  documents: ['tests/gql/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    './tests/gql/generated/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
      },
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
    },
  },
};

export default config;
