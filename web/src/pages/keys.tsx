import { useState } from 'preact/hooks';
import { mutate, query } from '../api.js';
import { ErrorText, Section, useAction, useLoad } from '../components/ui.js';
import { ApiKeysDoc, CreateApiKeyDoc, RevokeApiKeyDoc } from '../documents.js';

export function KeysPage() {
  const keys = useLoad(() => query(ApiKeysDoc, {}), []);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [run, busy, error] = useAction();
  return (
    <main>
      <h1>API keys</h1>
      <Section title="Create a key">
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const r = await mutate(CreateApiKeyDoc, { input: { name } });
              setSecret(r.createApiKey.secret);
              setName('');
              keys.reload();
            });
          }}
        >
          <input aria-label="Key name" placeholder="name, e.g. laptop CLI" value={name} onInput={(e) => setName(e.currentTarget.value)} required />
          <button class="primary" disabled={busy}>
            Create
          </button>
        </form>
        {secret && (
          <div class="notice" role="status">
            <p>Copy this key now; it is shown only once:</p>
            <code class="secret">{secret}</code>{' '}
            <button type="button" onClick={() => void navigator.clipboard?.writeText(secret)}>
              Copy
            </button>
          </div>
        )}
        <ErrorText error={error ?? keys.error} />
      </Section>
      <Section title="Your keys">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Scopes</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data?.apiKeys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}</code>
                </td>
                <td>{k.scopes.join(', ')}</td>
                <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</td>
                <td>
                  {k.revokedAt ? (
                    'revoked'
                  ) : (
                    <button type="button" class="danger" onClick={() => void run(async () => (await mutate(RevokeApiKeyDoc, { id: k.id }), keys.reload()))}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </main>
  );
}
