// Hash routes (#/e/<id>), so every page is a link that works on reload without server help.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'login' }
  | { page: 'home' }
  | { page: 'keys' }
  | { page: 'workspace'; id: string }
  | { page: 'project'; id: string }
  | { page: 'experiment'; id: string }
  | { page: 'run'; id: string }
  | { page: 'compare'; ids: string[] };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  const id = decodeURIComponent(parts[1] ?? '');
  switch (parts[0]) {
    case 'login':
      return { page: 'login' };
    case 'keys':
      return { page: 'keys' };
    case 'w':
      return { page: 'workspace', id };
    case 'p':
      return { page: 'project', id };
    case 'e':
      return { page: 'experiment', id };
    case 'r':
      return { page: 'run', id };
    case 'compare':
      return { page: 'compare', ids: (new URLSearchParams(search).get('ids') ?? '').split(',').filter(Boolean) };
    default:
      return { page: 'home' };
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function go(hash: string): void {
  location.hash = hash;
}
