/** An error answer of the admin API: `{"error":{"code","message"}}` plus the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How the UI talks to the admin API: JSON, the session cookie, and the CSRF header on every change. */
export interface ApiClient {
  /** Origin the API lives at ('' for this page's origin). */
  readonly base: string;
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  setCsrfToken(token: string | null): void;
}

/** Creates a client; `onUnauthorized` runs when the session has ended (the app shows the sign-in form). */
export function createApiClient(options: { base?: string; onUnauthorized?: () => void } = {}): ApiClient {
  const base = options.base ?? '';
  let csrfToken: string | null = null;

  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        credentials: base ? 'include' : 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', 'The server cannot be reached');
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : null;
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      if (response.status === 401 && path !== '/api/auth/login') options.onUnauthorized?.();
      throw new ApiError(response.status, error?.code ?? 'HTTP', error?.message ?? `HTTP ${response.status}`);
    }
    return json as T;
  };

  return {
    base,
    get: (path) => request('GET', path),
    send: (method, path, body) => request(method, path, body),
    setCsrfToken(token) {
      csrfToken = token;
    },
  };
}

/** A query string from the set values of `params` (empty when none). */
export function queryOf(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
