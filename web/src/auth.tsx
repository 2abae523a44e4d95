// Who is signed in. The session lives in an HttpOnly cookie set by the API; the app only asks who it is.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { get, post } from './api';
import { authApi } from './endpoints';

export interface Medewerker {
  id: string | number;
  naam: string;
  email?: string;
  rol: 'team' | 'regio-contact' | 'wsp' | 'manager' | 'beheerder';
  regioCodes?: string[];
  wspId?: number | string | null;
}

export interface AuthState {
  user: Medewerker | null;
  checked: boolean;
  setUser: (u: Medewerker | null) => void;
}

export const AuthContext = createContext<AuthState>({ user: null, checked: false, setUser: () => {} });
export const useAuth = () => useContext(AuthContext);

/** The API may wrap the user (`{ medewerker }`, `{ user }`) or return it bare. */
export function unwrapUser(data: unknown): Medewerker | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  const u = (d.medewerker ?? d.user ?? d) as Record<string, unknown>;
  if (typeof u.rol !== 'string') return null;
  return u as unknown as Medewerker;
}

// The session cookie is HttpOnly, so the app cannot see it. This flag remembers that someone signed in
// here, so public pages do not ask /api/auth/me for every visitor (a 401 on each employer's page view).
const SIGNED_IN_HINT = 'werkroute.ingelogd';
export const markSignedOut = () => localStorage.removeItem(SIGNED_IN_HINT);

export async function fetchMe(force = false): Promise<Medewerker | null> {
  if (!force && !localStorage.getItem(SIGNED_IN_HINT)) return null;
  try {
    return unwrapUser(await get(authApi.me));
  } catch {
    markSignedOut();
    return null;
  }
}

export async function login(email: string, password: string): Promise<Medewerker | null> {
  const data = await post(authApi.login, { email, wachtwoord: password });
  localStorage.setItem(SIGNED_IN_HINT, '1');
  return unwrapUser(data) ?? (await fetchMe(true));
}

export async function logout() {
  try {
    await post(authApi.logout, {});
  } finally {
    markSignedOut();
  }
}

/** Where each role starts after signing in. */
export function homeFor(u: Medewerker): string {
  switch (u.rol) {
    case 'team':
      return '/team';
    case 'regio-contact':
    case 'wsp':
      return '/taken';
    case 'manager':
      return '/overzicht';
    case 'beheerder':
      return '/beheer';
  }
}
