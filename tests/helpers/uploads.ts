// uploadDataset as a client sends it: a GraphQL multipart request (operations / map / file part).
import { print } from 'graphql';
import { UploadDatasetDocument } from '../gql/generated/graphql.js';
import type { TestApp } from './app.js';

/** Uploads `csv` into the workspace and returns the dataset id; throws with the server's errors otherwise. */
export async function uploadCsv(t: TestApp, token: string, workspaceId: string, csv: string, name = 'd'): Promise<string> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: print(UploadDatasetDocument), variables: { workspaceId, name, file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([csv], { type: 'text/csv' }), `${name}.csv`);
  const res = await fetch(t.url, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { data?: { uploadDataset?: { id: string } } | null; errors?: unknown };
  if (!body.data?.uploadDataset) throw new Error(`upload failed: ${JSON.stringify(body.errors)}`);
  return body.data.uploadDataset.id;
}
