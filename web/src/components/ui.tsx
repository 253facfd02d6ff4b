// Small shared pieces: loading a query into state, error text, inline rename, confirm-delete.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.js';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (d) => live && (setData(d), setError(null)),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { data, error, reload: useCallback(() => setTick((t) => t + 1), []) };
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError || e instanceof Error) return e.message;
  return String(e);
}

/** Runs an action, shows its error; returns [run, busy, error]. */
export function useAction(): [(f: () => Promise<unknown>) => Promise<void>, boolean, string | null] {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return [run, busy, error];
}

export function ErrorText({ error }: { error: string | null }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}

export function Section({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card">
      <header class="card-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function Rename({ name, onSave }: { name: string; onSave: (name: string) => Promise<unknown> }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  const [run, busy, error] = useAction();
  if (!editing)
    return (
      <button type="button" class="link" onClick={() => (setValue(name), setEditing(true))}>
        Rename
      </button>
    );
  return (
    <form
      class="inline"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await onSave(value);
          setEditing(false);
        });
      }}
    >
      <input aria-label="New name" value={value} onInput={(e) => setValue(e.currentTarget.value)} required />
      <button disabled={busy}>Save</button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
      <ErrorText error={error} />
    </form>
  );
}

export function DeleteButton({ what, onDelete }: { what: string; onDelete: () => Promise<unknown> }) {
  const [run, busy, error] = useAction();
  return (
    <>
      <button
        type="button"
        class="danger"
        disabled={busy}
        onClick={() => {
          if (confirm(`Delete ${what}?`)) void run(onDelete);
        }}
      >
        Delete
      </button>
      <ErrorText error={error} />
    </>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status.toLowerCase()}`}>{status}</span>;
}

export function fmt(x: number | null | undefined, digits = 4): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}
