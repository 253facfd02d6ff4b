import { afterEach, describe, expect, it } from 'vitest';
import { CreateWorkspaceDocument, WorkspaceDocument } from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';

describe('unexpected failures', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('masks an internal error as INTERNAL_SERVER_ERROR without leaking details', async () => {
    t = await startTestApp();
    const user = await t.signUpUser();
    const ws = (await t.gql(CreateWorkspaceDocument, { name: 'W' }, user.token)).data!.createWorkspace.id;
    await t.services.orm.em.fork().getConnection().execute('alter table project rename to project_gone');
    const r = await t.gql(WorkspaceDocument, { id: ws }, user.token);
    expect(errorCode(r)).toBe('INTERNAL_SERVER_ERROR');
    expect(r.errors?.[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(r)).not.toMatch(/project_gone|sqlite|select/i);
  });

  it('answers /healthz with 503 when the database does not answer', async () => {
    t = await startTestApp();
    await t.services.orm.close(true);
    const res = await fetch(t.url.replace('/graphql', '/healthz'));
    expect(res.status).toBe(503);
  });
});
