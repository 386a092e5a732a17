// The console's only way to the server: the public HTTP API, with the operator's bearer token.
// The token lives in this module's memory alone (no web storage, no cookie): closing or
// reloading the tab signs out.

let token = null;
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) ? (problem.detail || problem.title) : `HTTP ${status}`);
    this.status = status;
    this.fields = (problem && problem.errors) || [];
  }
}

export function signedIn() {
  return token !== null;
}

export function whenSignedOut(callback) {
  onSignedOut = callback;
}

export function signOut() {
  token = null;
  onSignedOut();
}

/** Logs in an operator or admin; resolves to /api/auth/me of the new session. */
export async function signIn(username, password) {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await parse(response);
  if (!response.ok) throw new ApiError(response.status, body);
  token = body.access_token;
  let me;
  try {
    me = await call('GET', '/api/auth/me');
  } catch (error) {
    token = null;
    throw error;
  }
  if (me.role !== 'operator' && me.role !== 'admin') {
    token = null;
    throw new ApiError(403, { detail: `The console is for operators and admins; ${me.username} is ${me.role}.` });
  }
  return me;
}

/** One API call; resolves to the parsed JSON body (null for 204), rejects with ApiError. */
export async function call(method, path, body) {
  if (token === null) throw new ApiError(401, { detail: 'Not signed in' });
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const parsed = await parse(response);
  if (response.status === 401) {
    signOut();
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

async function parse(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch (e) {
    return { detail: text.slice(0, 200) };
  }
}

/** A path with a query string of the non-empty params. */
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(name, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
