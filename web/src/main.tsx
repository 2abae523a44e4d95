// Entry point: layout, navigation per role and the route table.
import { render, type ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { setUnauthorizedHandler } from './api';
import { AuthContext, fetchMe, homeFor, logout, markSignedOut, type Medewerker } from './auth';
import { Link, match, navigate, useLocation } from './router';
import { ROL_NAMEN } from './ref';
import { Loading } from './ui';
import { HomePage, NotFoundPage } from './pages/home';
import { MeldFormPage, BevestigingPage } from './pages/melden';
import { VolgPage } from './pages/volg';
import { LoginPage } from './pages/login';
import { InboxPage } from './pages/inbox';
import { MeldingPage } from './pages/melding';
import { MeldingenLijstPage } from './pages/lijst';
import { TakenPage } from './pages/taken';
import { OverzichtPage } from './pages/overzicht';
import { WegwijzerPage } from './pages/wegwijzer';
import { BeheerPage } from './pages/beheer';
import { WachtwoordPage } from './pages/wachtwoord';

type Rol = Medewerker['rol'];
interface Route {
  path: string;
  render: (p: Record<string, string>) => ComponentChildren;
  /** Roles allowed; undefined = public. */
  rollen?: Rol[];
}

const ALLE_MEDEWERKERS: Rol[] = ['team', 'regio-contact', 'wsp', 'manager', 'beheerder'];

const ROUTES: Route[] = [
  { path: '/', render: () => <HomePage /> },
  { path: '/melden', render: () => <MeldFormPage /> },
  { path: '/melden/bevestiging', render: () => <BevestigingPage /> },
  { path: '/volg/:token', render: (p) => <VolgPage token={p.token!} /> },
  { path: '/v/:token', render: (p) => <VolgPage token={p.token!} /> },
  { path: '/wegwijzer', render: () => <WegwijzerPage /> },
  { path: '/inloggen', render: () => <LoginPage /> },
  { path: '/team', render: () => <InboxPage />, rollen: ['team', 'manager'] },
  { path: '/meldingen', render: () => <MeldingenLijstPage />, rollen: ALLE_MEDEWERKERS },
  { path: '/meldingen/:id', render: (p) => <MeldingPage id={p.id!} />, rollen: ALLE_MEDEWERKERS },
  // E-mail links may name the regio's track directly.
  { path: '/meldingen/:id/trajecten/:regio', render: (p) => <MeldingPage id={p.id!} regio={p.regio} />, rollen: ALLE_MEDEWERKERS },
  { path: '/melding/:id', render: (p) => <MeldingPage id={p.id!} />, rollen: ALLE_MEDEWERKERS },
  { path: '/taken', render: () => <TakenPage />, rollen: ALLE_MEDEWERKERS },
  { path: '/taken/:id', render: (p) => <MeldingPage id={p.id!} />, rollen: ALLE_MEDEWERKERS },
  { path: '/overzicht', render: () => <OverzichtPage />, rollen: ['manager', 'team', 'beheerder'] },
  { path: '/wachtwoord', render: () => <WachtwoordPage />, rollen: ALLE_MEDEWERKERS },
  { path: '/beheer', render: () => <BeheerPage />, rollen: ['beheerder'] },
  { path: '/beheer/:tab', render: (p) => <BeheerPage tab={p.tab} />, rollen: ['beheerder'] },
];

const NAV: { href: string; label: string; rollen?: Rol[] }[] = [
  { href: '/team', label: 'Inbox', rollen: ['team'] },
  { href: '/taken', label: 'Mijn taken', rollen: ['regio-contact', 'wsp'] },
  { href: '/meldingen', label: 'Meldingen', rollen: ['team', 'manager', 'regio-contact', 'wsp', 'beheerder'] },
  { href: '/overzicht', label: 'Overzicht regio’s', rollen: ['manager', 'team', 'beheerder'] },
  { href: '/beheer', label: 'Beheer', rollen: ['beheerder'] },
  { href: '/wegwijzer', label: 'Wegwijzer' },
];

function Header({ user, onLogout, path }: { user: Medewerker | null; onLogout: () => void; path: string }) {
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [path]);
  const items = NAV.filter((n) => (user ? !n.rollen || n.rollen.includes(user.rol) : !n.rollen));
  return (
    <header class="kop">
      <div class="kop-binnen">
        <Link href={user ? homeFor(user) : '/'} class="logo">
          Werkroute <span class="logo-sub">NLWerktDoor</span>
        </Link>
        <button type="button" class="menu-knop" aria-expanded={open} aria-controls="hoofdmenu" onClick={() => setOpen(!open)}>
          Menu
        </button>
        <nav id="hoofdmenu" class={open ? 'open' : ''} aria-label="Hoofdmenu">
          <ul>
            {!user && (
              <li>
                <Link href="/melden" aria-current={path === '/melden' ? 'page' : undefined}>
                  Melding doen
                </Link>
              </li>
            )}
            {items.map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={path === n.href || path.startsWith(n.href + '/') ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
            {user ? (
              <li class="gebruiker">
                <span class="klein">
                  {user.naam} · {ROL_NAMEN[user.rol] ?? user.rol}
                </span>
                <Link href="/wachtwoord" aria-current={path === '/wachtwoord' ? 'page' : undefined}>
                  Wachtwoord wijzigen
                </Link>
                <button type="button" class="link-knop" onClick={onLogout}>
                  Uitloggen
                </button>
              </li>
            ) : (
              <li>
                <Link href="/inloggen">Inloggen medewerkers</Link>
              </li>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}

function App() {
  const loc = useLocation();
  const [user, setUser] = useState<Medewerker | null>(null);
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    fetchMe().then((u) => {
      setUser(u);
      setChecked(true);
    });
    setUnauthorizedHandler(() => {
      markSignedOut();
      setUser(null);
      const here = location.pathname + location.search;
      if (!here.startsWith('/inloggen')) navigate(`/inloggen?terug=${encodeURIComponent(here)}`, { replace: true });
    });
  }, []);

  // After a route change (not on the first load, where the skip link should come first), move focus to
  // the new page's heading so screen readers and keyboard users notice the page changed.
  const firstPath = useRef(loc.path);
  useEffect(() => {
    if (firstPath.current === loc.path) return;
    firstPath.current = '';
    requestAnimationFrame(() => document.getElementById('paginatitel')?.focus({ preventScroll: true }));
  }, [loc.path]);

  const onLogout = async () => {
    try {
      await logout();
    } catch {
      /* the cookie is dropped either way when the session is gone */
    }
    setUser(null);
    navigate('/inloggen');
  };

  let content: ComponentChildren = <NotFoundPage />;
  for (const r of ROUTES) {
    const params = match(r.path, loc.path);
    if (!params) continue;
    if (r.rollen) {
      if (!checked) content = <Loading />;
      else if (!user) content = <LoginPage terug={loc.path + location.search} />;
      else if (!r.rollen.includes(user.rol))
        content = (
          <section class="paneel">
            <h1>Geen toegang</h1>
            <p>Deze pagina is niet beschikbaar voor de rol {ROL_NAMEN[user.rol]}.</p>
            <p>
              <Link href={homeFor(user)}>Naar uw startpagina</Link>
            </p>
          </section>
        );
      else content = r.render(params);
    } else content = r.render(params);
    break;
  }

  return (
    <AuthContext.Provider value={{ user, checked, setUser }}>
      <a class="skiplink" href="#inhoud">
        Direct naar de inhoud
      </a>
      <Header user={user} onLogout={onLogout} path={loc.path} />
      <main id="inhoud" tabIndex={-1}>
        {content}
      </main>
      <footer class="voet">
        <p>
          Werkroute · NLWerktDoor · <Link href="/wegwijzer">Wegwijzer</Link> · <a href="/api/docs">API-documentatie</a>
        </p>
      </footer>
    </AuthContext.Provider>
  );
}

const root = document.getElementById('app')!;
// index.html shows "Laden…" until the bundle runs; Preact would keep it beside the app.
root.textContent = '';
render(<App />, root);
