// Building blocks every page uses: labelled fields with inline errors, loading and error states,
// dates in Dutch (Europe/Amsterdam), deadline countdowns.
import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

let idCounter = 0;
export const useId = (prefix: string) => useRef(`${prefix}-${++idCounter}`).current;

export function Loading({ label = 'Laden…' }: { label?: string }) {
  return (
    <p class="laden" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function ErrorBox({ error, retry }: { error: unknown; retry?: () => void }) {
  const msg = errorMessage(error);
  return (
    <div class="melding-fout" role="alert">
      <p>
        <strong>Dat lukte niet.</strong> {msg}
      </p>
      {error instanceof ApiError && error.problem.requestId && <p class="klein">Referentie: {error.problem.requestId}</p>}
      {retry && (
        <button type="button" class="knop secundair" onClick={retry}>
          Opnieuw proberen
        </button>
      )}
    </div>
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const list = error.problem.errors?.map((e) => e.message).filter(Boolean) ?? [];
    const base = error.message;
    return list.length && !error.problem.detail ? `${base} ${list.join(' ')}` : base;
  }
  if (error instanceof Error) return error.message;
  return 'Onbekende fout.';
}

/** Messages from the API's problem+json `errors`, keyed by path, to show at the fields they belong to. */
export const veldFouten = (error: unknown): Record<string, string> => (error instanceof ApiError ? error.fieldErrors() : {});

/**
 * Above a form: when the API named fields, a short summary (the messages themselves stand at the fields;
 * the API's general detail is for developers); otherwise the usual error box. `velden` maps path → label.
 */
export function FormulierFout({ error, velden }: { error: unknown; velden: Record<string, string> }) {
  const fouten = Object.entries(veldFouten(error));
  if (!fouten.length) return <ErrorBox error={error} />;
  return (
    <div class="melding-fout" role="alert">
      <p>
        <strong>Controleer het formulier.</strong>
      </p>
      <ul>
        {fouten.map(([pad, melding]) => (
          <li key={pad}>
            {velden[pad] ?? 'Overig'}: {melding}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Success({ children }: { children: ComponentChildren }) {
  return (
    <div class="melding-ok" role="status">
      {children}
    </div>
  );
}

/** Loads data and re-loads when `deps` change; `reload()` refreshes after an action. */
export function useAsync<T>(fn: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    fn(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState({ data, loading: false }),
      (error) => !ctrl.signal.aborted && setState({ error, loading: false }),
    );
    return () => ctrl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Runs one action at a time and keeps its error, so a failed action can say why next to its button. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await fn();
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}

type FieldProps = {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  required?: boolean;
} & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'name' | 'label'>;

export function Field({ label, name, error, hint, required, ...input }: FieldProps) {
  const id = useId(name.replace(/\W/g, '-'));
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-fout` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`veld${error ? ' heeft-fout' : ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="verplicht"> (verplicht)</span> : null}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input id={id} name={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} {...input} />
      {error && (
        <p class="veldfout" id={`${id}-fout`}>
          {error}
        </p>
      )}
    </div>
  );
}

type SelectProps = {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  required?: boolean;
  options: { value: string; label: string }[];
  placeholder?: string;
} & Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'label'>;

export function Select({ label, name, error, hint, required, options, placeholder, ...select }: SelectProps) {
  const id = useId(name.replace(/\W/g, '-'));
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-fout` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`veld${error ? ' heeft-fout' : ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="verplicht"> (verplicht)</span> : null}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <select id={id} name={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} {...select}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p class="veldfout" id={`${id}-fout`}>
          {error}
        </p>
      )}
    </div>
  );
}

type TextAreaProps = { label: string; name: string; error?: string; hint?: string; required?: boolean } & Omit<
  JSX.TextareaHTMLAttributes<HTMLTextAreaElement>,
  'name' | 'label'
>;

export function TextArea({ label, name, error, hint, required, ...ta }: TextAreaProps) {
  const id = useId(name.replace(/\W/g, '-'));
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-fout` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`veld${error ? ' heeft-fout' : ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="verplicht"> (verplicht)</span> : null}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <textarea id={id} name={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} rows={3} {...ta} />
      {error && (
        <p class="veldfout" id={`${id}-fout`}>
          {error}
        </p>
      )}
    </div>
  );
}

const TZ = 'Europe/Amsterdam';
const dtf = new Intl.DateTimeFormat('nl-NL', { timeZone: TZ, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const df = new Intl.DateTimeFormat('nl-NL', { timeZone: TZ, day: 'numeric', month: 'long', year: 'numeric' });

export function toMs(v: number | string | null | undefined): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Date.parse(v);
  return Number.isFinite(n) ? n : undefined;
}

export const formatDateTime = (v: number | string | null | undefined) => {
  const ms = toMs(v);
  return ms === undefined ? '—' : dtf.format(ms);
};
export const formatDate = (v: number | string | null | undefined) => {
  const ms = toMs(v);
  return ms === undefined ? '—' : df.format(ms);
};

/** "nog 3 uur 20 min" / "2 dagen te laat": rough, readable, refreshed every 30 s by <Countdown>. */
export function describeRemaining(deadline: number, now: number): { text: string; late: boolean; soon: boolean } {
  const diff = deadline - now;
  const late = diff < 0;
  const abs = Math.abs(diff);
  const min = Math.floor(abs / 60_000);
  const hours = Math.floor(min / 60);
  const days = Math.floor(hours / 24);
  let span: string;
  if (days >= 1) span = `${days} ${days === 1 ? 'dag' : 'dagen'}${hours % 24 ? ` ${hours % 24} uur` : ''}`;
  else if (hours >= 1) span = `${hours} uur${min % 60 ? ` ${min % 60} min` : ''}`;
  else span = `${Math.max(min, 0)} min`;
  return { text: late ? `${span} te laat` : `nog ${span}`, late, soon: !late && diff < 4 * 3_600_000 };
}

export function useNow(intervalMs = 30_000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

export function Countdown({ deadline, stopped }: { deadline: number | string | undefined; stopped?: boolean }) {
  const now = useNow();
  const ms = toMs(deadline);
  if (ms === undefined) return <span class="klein">geen termijn</span>;
  if (stopped) return <time dateTime={new Date(ms).toISOString()}>{formatDateTime(ms)}</time>;
  const r = describeRemaining(ms, now);
  return (
    <span class={`aftellen ${r.late ? 'te-laat' : r.soon ? 'bijna' : 'op-tijd'}`}>
      <time dateTime={new Date(ms).toISOString()}>{formatDateTime(ms)}</time> · <strong>{r.text}</strong>
    </span>
  );
}

/** A text badge, never colour alone: "Te laat", "Op tijd", "Open". */
export function StatusBadge({ kind, children }: { kind: 'te-laat' | 'op-tijd' | 'open' | 'bijna' | 'neutraal'; children: ComponentChildren }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

export function PageTitle({ children, sub }: { children: ComponentChildren; sub?: ComponentChildren }) {
  useEffect(() => {
    const text = typeof children === 'string' ? children : Array.isArray(children) ? children.filter((c) => typeof c === 'string').join('') : '';
    if (text) document.title = `${text} — Werkroute`;
  }, [children]);
  return (
    <header class="paginakop">
      <h1 tabIndex={-1} id="paginatitel">
        {children}
      </h1>
      {sub && <p class="ondertitel">{sub}</p>}
    </header>
  );
}

/** Download a CSV the API produced, with the session cookie. */
export async function downloadCsv(url: string, filename: string) {
  const res = await fetch(url, { headers: { Accept: 'text/csv' }, credentials: 'same-origin' });
  if (!res.ok) {
    let problem = {};
    try {
      problem = await res.json();
    } catch {
      /* body was not JSON; the status code will have to do */
    }
    throw new ApiError(res.status, problem);
  }
  downloadBlob(await res.blob(), filename);
}

export function downloadBlob(blob: Blob, filename: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
