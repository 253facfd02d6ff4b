import { useState } from 'preact/hooks';
import { mutate, resetSocket } from '../api.js';
import { ErrorText, useAction } from '../components/ui.js';
import { LogInDoc, SignUpDoc } from '../documents.js';
import { go } from '../router.js';
import { saveSession } from '../session.js';

export function AuthPage() {
  const [mode, setMode] = useState<'signup' | 'login'>('signup');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [run, busy, error] = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const data = mode === 'signup' ? (await mutate(SignUpDoc, { email, password })).signUp : (await mutate(LogInDoc, { email, password })).logIn;
      saveSession(data.token, data.user.email);
      resetSocket();
      go('#/');
    });
  };
  return (
    <main class="narrow">
      <h1>caretql</h1>
      <p>Self-hosted AutoML: upload a CSV, compare models live, predict.</p>
      <div class="tabs" role="tablist">
        <button role="tab" aria-selected={mode === 'signup'} onClick={() => setMode('signup')}>
          Sign up
        </button>
        <button role="tab" aria-selected={mode === 'login'} onClick={() => setMode('login')}>
          Log in
        </button>
      </div>
      <form class="card stack" onSubmit={submit}>
        <label>
          Email
          <input type="email" name="email" autocomplete="username" value={email} onInput={(e) => setEmail(e.currentTarget.value)} required />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autocomplete={mode === 'signup' ? 'new-password' : 'current-password'}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            required
          />
        </label>
        <button class="primary" disabled={busy}>
          {mode === 'signup' ? 'Create account' : 'Log in'}
        </button>
        <ErrorText error={error} />
      </form>
    </main>
  );
}
