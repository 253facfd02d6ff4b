import { useState } from 'preact/hooks';
import { mutate, uploadDataset } from '../api.js';
import { DeleteButton, ErrorText, Section, useAction } from '../components/ui.js';
import { DeleteDatasetDoc } from '../documents.js';
import type { WorkspaceQuery } from '../gql/graphql.js';

type Dataset = WorkspaceQuery['datasets'][number];

export function DatasetsSection({ workspaceId, datasets, onChange }: { workspaceId: string; datasets: Dataset[]; onChange: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [run, busy, error] = useAction();
  return (
    <Section title="Datasets">
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (!file) return;
          void run(async () => {
            setProgress(0);
            await uploadDataset(workspaceId, file.name.replace(/\.csv$/i, ''), file, setProgress);
            setProgress(null);
            setFile(null);
            (e.target as HTMLFormElement).reset();
            onChange();
          });
        }}
      >
        <input type="file" accept=".csv,text/csv" aria-label="CSV file" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} required />
        <button class="primary" disabled={busy || !file}>
          Upload CSV
        </button>
        {progress !== null && <progress aria-label="Upload progress" max={1} value={progress} />}
      </form>
      <ErrorText error={error} />
      <table>
        <thead>
          <tr><th>Name</th><th>Rows</th><th>Columns</th><th>Size</th><th /></tr>
        </thead>
        <tbody>
          {datasets.map((d) => (
            <>
              <tr key={d.id}>
                <td>{d.name}</td>
                <td>{d.rowCount}</td>
                <td>{d.columns.length}</td>
                <td>{(d.sizeBytes / 1024).toFixed(1)} KiB</td>
                <td>
                  <button type="button" aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>
                    Profile
                  </button>{' '}
                  <DeleteButton what={`dataset ${d.name} and its file (runs keep their results)`} onDelete={async () => (await mutate(DeleteDatasetDoc, { id: d.id }), onChange())} />
                </td>
              </tr>
              {open === d.id && (
                <tr key={`${d.id}-profile`}>
                  <td colSpan={5}>
                    <table class="profile">
                      <thead>
                        <tr><th>Column</th><th>Type</th><th>Missing</th><th>Distinct</th></tr>
                      </thead>
                      <tbody>
                        {d.columns.map((c) => (
                          <tr key={c.name}><td>{c.name}</td><td>{c.type}</td><td>{c.missing}</td><td>{c.distinct}</td></tr>
                        ))}
                      </tbody>
                    </table>
                    <p class="muted small">SHA-256 <code>{d.sha256}</code></p>
                  </td>
                </tr>
              )}
            </>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
