import { resetSocket } from './api.js';
import { ComparePage } from './pages/compare.js';
import { AuthPage } from './pages/auth.js';
import { ExperimentPage } from './pages/experiment.js';
import { KeysPage } from './pages/keys.js';
import { ProjectPage } from './pages/project.js';
import { RunPage } from './pages/run.js';
import { HomePage, WorkspacePage } from './pages/workspaces.js';
import { go, useRoute, type Route } from './router.js';
import { clearSession, getEmail, getToken } from './session.js';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'login':
      return <AuthPage />;
    case 'keys':
      return <KeysPage />;
    case 'workspace':
      return <WorkspacePage id={route.id} />;
    case 'project':
      return <ProjectPage id={route.id} />;
    case 'experiment':
      return <ExperimentPage id={route.id} />;
    case 'run':
      return <RunPage id={route.id} />;
    case 'compare':
      return <ComparePage ids={route.ids} />;
    default:
      return <HomePage />;
  }
}

export function App() {
  const route = useRoute();
  const signedIn = getToken() !== null;
  const shown: Route = signedIn ? route : { page: 'login' };
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a href="#/" class="brand">caretql</a>
        {signedIn && (
          <nav aria-label="Account">
            <a href="#/keys">API keys</a>
            <a href="/graphql" target="_blank" rel="noopener">GraphiQL</a>
            <span class="muted small">{getEmail()}</span>
            <button
              type="button"
              onClick={() => {
                clearSession();
                resetSocket();
                go('#/login');
              }}
            >
              Log out
            </button>
          </nav>
        )}
      </header>
      <div id="main">
        <Page route={shown} />
      </div>
    </>
  );
}
