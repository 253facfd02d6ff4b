// Typed documents for the operations the tests use: tests/gql/**/*.graphql → tests/gql/generated/;
// and the web app's: graphql(`…`) calls in web/src/documents.ts → web/src/gql/.
// Run `npm run schema && npm run codegen` after changing the schema or an operation; commit the output.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: './schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    './tests/gql/generated/': {
      documents: ['tests/gql/**/*.graphql'],
      preset: 'client',
      config: {
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
      },
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
    },
    './web/src/gql/': {
      documents: ['web/src/documents.ts'],
      preset: 'client',
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string', File: 'File' },
      },
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
    },
  },
};

export default config;
