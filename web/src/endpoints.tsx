// Every API path the web app uses, in one place, so the app follows the contract in api/openapi.ts.
const enc = encodeURIComponent;

export const authApi = {
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  me: '/api/auth/me',
  wachtwoord: '/api/auth/wachtwoord',
};

export const volgApi = {
  view: (token: string) => `/api/volg/${enc(token)}`,
  wspContact: (token: string) => `/api/volg/${enc(token)}/wsp-contact`,
  intrekken: (token: string) => `/api/volg/${enc(token)}/intrekken`,
};

export const meldingApi = {
  list: '/api/meldingen',
  csv: '/api/meldingen/export.csv',
  inbox: '/api/inbox',
  taken: '/api/taken',
  trajecten: '/api/trajecten',
  one: (id: string) => `/api/meldingen/${enc(id)}`,
  inBehandeling: (id: string) => `/api/meldingen/${enc(id)}/in-behandeling`,
  intake: (id: string) => `/api/meldingen/${enc(id)}/intake`,
  vervolg: (id: string) => `/api/meldingen/${enc(id)}/vervolg`,
  toewijzen: (id: string) => `/api/meldingen/${enc(id)}/toewijzen`,
  intrekken: (id: string) => `/api/meldingen/${enc(id)}/intrekken`,
  traject: (id: string, regio: string, actie: string) => `/api/meldingen/${enc(id)}/regios/${enc(regio)}/${actie}`,
};

export const rapportApi = {
  reactietijden: '/api/rapportage/reactietijden',
};

export const wegwijzerApi = {
  list: '/api/wegwijzer',
  one: (id: string | number) => `/api/wegwijzer/${enc(String(id))}`,
};

export const beheerApi = {
  medewerkers: '/api/beheer/medewerkers',
  medewerker: (id: string | number) => `/api/beheer/medewerkers/${enc(String(id))}`,
  medewerkerWachtwoord: (id: string | number) => `/api/beheer/medewerkers/${enc(String(id))}/wachtwoord`,
  inlogblokkade: (id: string | number) => `/api/beheer/medewerkers/${enc(String(id))}/inlogblokkade`,
  regios: '/api/beheer/regios',
  regioContacten: (code: string) => `/api/beheer/regios/${enc(code)}/contacten`,
  rooster: '/api/beheer/rooster',
  roosterItem: (id: string | number) => `/api/beheer/rooster/${enc(String(id))}`,
  wsps: '/api/beheer/wsps',
  wsp: (id: string | number) => `/api/beheer/wsps/${enc(String(id))}`,
  regioPartners: '/api/beheer/regio-partners',
  regioPartner: (code: string, soort: string) => `/api/beheer/regios/${enc(code)}/partners/${enc(soort)}`,
  mail: '/api/beheer/mail',
  mailOpnieuw: (id: string | number) => `/api/beheer/mail/${enc(String(id))}/opnieuw`,
};

export const refApi = {
  wspsVanRegio: (regio: string) => `/api/beheer/wsps?regio=${enc(regio)}`,
};
