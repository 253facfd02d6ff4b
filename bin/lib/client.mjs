// HTTP GraphQL calls of the CLI, the saved login (~/.config/caretql/login.json, mode 600) and error wording.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export class CliError extends Error {}

const DEFAULT_URL = 'http://localhost:4000';

export function loginFile() {
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'caretql', 'login.json');
}

export function loadSaved() {
  try {
    return JSON.parse(readFileSync(loginFile(), 'utf8'));
  } catch {
    return {};
  }
}

export async function saveLogin(url, token) {
  const path = loginFile();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify({ url, token }, null, 2), { mode: 0o600 });
  return path;
}

/** { url, token } from the flags/env, else the saved login; the URL without a trailing /graphql. */
export function resolveTarget(opts) {
  const saved = loadSaved();
  const url = String(opts.url ?? saved.url ?? DEFAULT_URL).replace(/\/+$/, '').replace(/\/graphql$/, '');
  const token = opts.token ?? saved.token ?? null;
  if (!token) throw new CliError('Not logged in: run `caretql login`, or pass --token / set CARETQL_TOKEN');
  return { url, token };
}

/** One GraphQL request (a FormData body is a multipart upload); throws CliError with code and field. */
export async function api({ url, token }, query, variables = {}) {
  const isForm = query instanceof FormData;
  let response;
  try {
    response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { ...(isForm ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: isForm ? query : JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new CliError(`Cannot reach ${url}: ${error.cause?.code ?? error.message}`);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new CliError(`HTTP ${response.status} from ${url}/graphql`);
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code;
    const field = first.extensions?.field;
    throw new CliError(`${code ? `${code}: ` : ''}${first.message}${field ? ` (field ${field})` : ''}`);
  }
  return body.data;
}
