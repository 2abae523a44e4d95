// The only way the web app talks to the server: JSON over /api with the session cookie. Every failure
// becomes an ApiError carrying the problem+json body, so pages can say why an action failed.

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  requestId?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(describeProblem(status, problem));
  }
  /** Messages keyed by JSON path (e.g. `werkgever.kvkNummer`), for inline field errors. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const key = normalisePath(e.path);
      out[key] = out[key] ? `${out[key]} ${e.message}` : e.message;
    }
    return out;
  }
}

/** API paths may come as `werkgever.vestigingen[0].postcode`, `/werkgever/vestigingen/0/postcode` or dotted. */
export function normalisePath(p: string | (string | number)[]): string {
  if (Array.isArray(p)) return p.join('.');
  return p.replace(/^\/+/, '').replace(/\[(\d+)\]/g, '.$1').replace(/\//g, '.');
}

function describeProblem(status: number, p: Problem): string {
  if (status === 0) return 'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.';
  const base = p.detail || p.title || STATUS_TEXT[status] || `Er ging iets mis (status ${status}).`;
  return base;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'De gegevens zijn niet volledig of niet juist.',
  401: 'U bent niet (meer) ingelogd.',
  403: 'U heeft geen toestemming voor deze actie.',
  404: 'Niet gevonden.',
  409: 'Deze stap kan nu niet: de melding is intussen veranderd.',
  413: 'Het verzoek is te groot.',
  415: 'Het verzoek heeft een onbekend formaat.',
  429: 'Te veel verzoeken kort na elkaar. Wacht even en probeer het opnieuw.',
  500: 'Er ging iets mis op de server. Probeer het later opnieuw.',
  502: 'De server is tijdelijk niet bereikbaar.',
  503: 'De dienst is tijdelijk niet beschikbaar. Probeer het later opnieuw.',
};

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Called on any 401 so the app can send a staff member back to the sign-in page. */
let onUnauthorized: (() => void) | undefined;
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, {});
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const problem: Problem = data && typeof data === 'object' ? (data as Problem) : {};
    if (res.status === 401 && onUnauthorized && !path.startsWith('/api/auth/')) onUnauthorized();
    if (res.status === 429) {
      // The per-address limiter's detail names its internal bucket ("Te veel verzoeken (inloggen); …"), so
      // people get the wait in plain words instead; a locked account's detail is written for them and stays.
      const wait = res.headers.get('Retry-After');
      if (wait && (!problem.detail || problem.detail.startsWith('Te veel verzoeken (')))
        problem.detail = `Te veel pogingen kort na elkaar. Probeer het over ${wait} ${wait === '1' ? 'seconde' : 'seconden'} opnieuw.`;
    }
    throw new ApiError(res.status, problem);
  }
  // null, not undefined, for an empty success (204): useAction's undefined means "failed".
  return (data === undefined ? null : data) as T;
}

export const get = <T,>(path: string, signal?: AbortSignal) => request<T>(path, { signal });
export const post = <T,>(path: string, body: unknown = {}, headers?: Record<string, string>) =>
  request<T>(path, { method: 'POST', body, headers });
export const put = <T,>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body });
export const patch = <T,>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body });
export const del = <T,>(path: string) => request<T>(path, { method: 'DELETE' });

export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Lists may come bare or wrapped (`{ items }`, `{ data }`, `{ meldingen }`) with paging fields. */
export function items<T>(data: unknown, ...keys: string[]): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object') {
    for (const k of [...keys, 'items', 'data', 'results']) {
      const v = (data as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as T[];
    }
  }
  return [];
}
