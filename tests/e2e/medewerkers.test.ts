// Staff paths in a real browser against the real stack: the team takes a melding in and routes it, the
// regio-contact acknowledges and forwards it (reached through an e-mail style deep link), the WSP records
// contact, the manager reads the overview and drills down, the beheerder maintains contacts and roster,
// requeues undeliverable mail and maintains the accounts: creates one, sets a password, lifts a sign-in
// lock, deactivates; anyone changes their password.
import { createHash } from 'node:crypto';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, DEMO_PASSWORD, WAIT, a11yProblems, expectedStatus, hasChromium, openPage, signIn, signInFast, startStack, type Stack, type TestPage } from './browser';

// Against a long-lived stack (E2E_BASE_URL) every run needs employers of its own; employers are found by
// KvK number, so a new name needs a new number.
const RUN = process.env.E2E_BASE_URL ? ` ${Date.now().toString(36)}` : '';
const kvk = (base: number) => String(RUN ? base + (Date.now() % 9_999_999) : base);
const WERKGEVER = `Snijder BV${RUN}`;
const KVK = kvk(12_345_678);
const MELDING = {
  soort: 'vraag',
  werkgever: { naam: WERKGEVER, kvkNummer: KVK, vestigingen: [{ postcode: '9711 AB', huisnummer: '1', plaats: 'Groningen' }] },
  contactpersoon: { naam: 'Iet Jongbloed', email: 'iet@example.nl', telefoon: '0612345678' },
  sector: 'C',
  functies: [{ omschrijving: 'monteur', aantal: 2 }],
  toelichting: 'Tijdelijk extra handen nodig',
};

describe.skipIf(!hasChromium)('medewerkers in the browser', () => {
  let stack: Stack;
  let meldingId: string | undefined;
  let volgLink: string | undefined;


  async function check360(tp: TestPage, name: string, docs = false) {
    await tp.page.setViewportSize({ width: 360, height: 740 });
    expect(await tp.scrollWidth(), `${name} scrolls horizontally at 360 px`).toBeLessThanOrEqual(360);
    // What a phone shows first (a full-page capture of a tall page costs seconds and shows little more).
    await tp.shot(`${name}-360`, { docs, fullPage: false });
    await tp.page.setViewportSize({ width: 1280, height: 900 });
  }

  async function submit(body: unknown): Promise<{ id: string; volgLink: string } | undefined> {
    const res = await fetch(`${stack.url}/api/meldingen`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return res.status === 201 ? ((await res.json()) as { id: string; volgLink: string }) : undefined;
  }

  beforeAll(async () => {
    stack = await startStack('medewerkers');
    const m = await submit(MELDING);
    meldingId = m?.id;
    volgLink = m?.volgLink;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('sign-in page: a wrong password says why; the keyboard alone signs in', async () => {
    const tp = await openPage(stack);
    const { page } = tp;
    await page.goto('/inloggen');
    await page.getByLabel('E-mailadres').fill(DEMO.team);
    await page.getByLabel('Wachtwoord').fill('fout-wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toContain('klopt niet');
    await check360(tp, 'inloggen');

    await page.getByLabel('E-mailadres').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.name')).toBe('password');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/team');
    tp.expectNoConsoleErrors([/status of 401/]);
    await tp.close();
  });

  test('team: inbox sorted by deadline with countdown, melding page with live state, take in and route to the suggested regio', async () => {
    expect(meldingId, 'POST /api/meldingen gave no melding').toBeTruthy();
    const tp = await openPage(stack);
    const { page } = tp;
    await signIn(tp, DEMO.team);
    await page.waitForURL('**/team');
    const row = page.getByRole('listitem').filter({ hasText: WERKGEVER });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/nog \d+|te laat/);
    expect(await row.textContent()).toMatch(/Op tijd|Te laat/);
    await check360(tp, 'team-inbox', true);

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: new RegExp(`Melding .*${WERKGEVER}`) }).waitFor();
    await page.getByRole('heading', { name: 'Alle termijnen' }).waitFor();
    expect(await page.locator('.klok').first().textContent()).toContain('Intake door het team');
    await page.getByRole('button', { name: 'In behandeling nemen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('in behandeling genomen');

    await page.getByRole('heading', { name: 'Intake vastleggen' }).waitFor();
    await expect.poll(() => page.locator('textarea[name="toelichting-AM01"]').count(), WAIT).toBe(1);
    await page.locator('textarea[name="toelichting-AM01"]').fill('Zoekt twee monteurs, start december');
    await page.getByRole('button', { name: 'Intake vastleggen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('doorgezet');
    await page.locator('#traject-AM01').waitFor();
    await tp.shot('team-melding', { docs: true });
    await check360(tp, 'team-melding');
    tp.expectNoConsoleErrors();
    await tp.close();
  });

  test('regio-contact: an e-mail deep link asks to sign in, then opens the track; acknowledge and forward to the WSP', async () => {
    expect(meldingId).toBeTruthy();
    const tp = await openPage(stack);
    const { page } = tp;
    // The link from the e-mail the regio-contact received (outbox), when this run owns the database.
    let link = `${stack.url}/meldingen/${meldingId}/trajecten/AM01`;
    if (stack.running) {
      const rijen = await stack.running.sql<{ body: string }[]>`
        select o.body from outbox o join medewerkers m on m.id = o.ontvanger_medewerker_id
         where o.melding_id = ${meldingId!} and m.email = ${DEMO.regio} order by o.id limit 1`;
      link = /Openen in Werkroute: (\S+)/.exec(rijen[0]?.body ?? '')?.[1] ?? '';
      expect(link).toBe(`${stack.url}/meldingen/${meldingId}/trajecten/AM01`);
    }
    await page.goto(link);
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
    await page.getByLabel('E-mailadres').fill(DEMO.regio);
    await page.getByLabel('Wachtwoord').fill('werkroute-demo');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.locator('#traject-AM01.gemarkeerd').waitFor();

    await page.getByRole('button', { name: 'Ontvangst bevestigen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('Ontvangst bevestigd');
    await page.getByRole('button', { name: 'Doorzetten naar het WSP' }).click();
    await page.getByLabel('Regio-regisseur Perspectief op Werk').check();
    await page.getByRole('button', { name: 'Doorzetten', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('Doorgezet naar het WSP');

    await page.goto('/taken');
    await page.getByRole('heading', { name: 'Mijn taken' }).waitFor();
    await check360(tp, 'regio-taken', true);
    tp.expectNoConsoleErrors([/status of 401/]);
    await tp.close();

    // The employer now sees the regio on the follow page and can confirm the WSP's contact.
    const emp = await openPage(stack, { width: 360, height: 740 });
    await emp.page.goto(new URL(volgLink!, stack.url).pathname);
    await emp.page.getByRole('heading', { name: 'Heeft het werkgeversservicepunt contact met u opgenomen?' }).waitFor();
    expect(await emp.page.locator('main').textContent()).toContain('Groningen');
    expect(await emp.scrollWidth()).toBeLessThanOrEqual(360);
    await emp.shot('volg-bij-wsp-360');
    emp.expectNoConsoleErrors();
    await emp.close();
  });

  test('WSP: task list and recording contact with the employer', async () => {
    const tp = await openPage(stack);
    const { page } = tp;
    await signInFast(tp, DEMO.wsp);
    await page.goto('/taken');
    const task = page.getByRole('listitem').filter({ hasText: WERKGEVER });
    await task.waitFor();
    await task.getByRole('link').click();
    await page.getByRole('button', { name: 'Contact WSP met werkgever vastleggen' }).click();
    await page.getByRole('button', { name: 'Contact vastleggen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('vastgelegd');
    await check360(tp, 'wsp-melding');
    tp.expectNoConsoleErrors();
    await tp.close();
  });

  test('team: connect a vraag with an open aanbod found by sector', async () => {
    const aanbieder = `Metaal Oost${RUN}`;
    const aanbod = await submit({
      ...MELDING,
      soort: 'aanbod',
      werkgever: { naam: aanbieder, kvkNummer: kvk(23_456_789), vestigingen: [{ postcode: '7511 AA', huisnummer: '5', plaats: 'Enschede' }] },
      functies: [{ omschrijving: 'monteur', aantal: 3 }],
    });
    const vraag = await submit({ ...MELDING, werkgever: { ...MELDING.werkgever, naam: `Bouwbedrijf Noord${RUN}`, kvkNummer: kvk(34_567_890) } });
    expect(aanbod && vraag, 'POST /api/meldingen failed').toBeTruthy();

    const tp = await openPage(stack);
    const { page } = tp;
    await signInFast(tp, DEMO.team);
    await page.goto(`/meldingen/${vraag!.id}`);
    await page.getByRole('button', { name: 'In behandeling nemen' }).click();
    await page.getByRole('heading', { name: 'Intake vastleggen' }).waitFor();
    await page.getByLabel('Koppelen aan een aanbod').check();
    const kandidaat = page.getByRole('radio', { name: new RegExp(aanbieder) });
    await kandidaat.waitFor();
    await kandidaat.check();
    await tp.shot('team-koppelen');
    await page.getByRole('button', { name: 'Intake vastleggen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('gekoppeld');
    await expect.poll(() => page.locator('.gegevens').textContent(), WAIT).toContain('Gekoppeld aan');
    tp.expectNoConsoleErrors();
    await tp.close();
  });

  test('manager: overview of all 35 regio’s with a chart, drill-down and CSV export', async () => {
    const tp = await openPage(stack);
    const { page } = tp;
    await signInFast(tp, DEMO.manager);
    await page.goto('/overzicht');
    await page.getByRole('heading', { name: 'Cijfers per regio' }).waitFor();
    expect(await page.locator('table.tabel tbody tr').count()).toBe(35);
    expect(await page.locator('figure.grafiek svg g').count()).toBe(35);
    await tp.shot('manager-overzicht', { docs: true, fullPage: false });
    await check360(tp, 'manager-overzicht');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporteren als CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);

    await page.getByRole('link', { name: 'Groningen', exact: true }).click();
    await page.waitForURL('**/meldingen?*regio=AM01*');
    await page.getByRole('heading', { name: 'Meldingen' }).waitFor();
    await expect.poll(() => page.locator('table.tabel tbody tr').count(), WAIT).toBeGreaterThan(0);
    await check360(tp, 'manager-meldingen');
    tp.expectNoConsoleErrors();
    await tp.close();
  });

  test('beheerder: regio contacts, roster, WSPs and regional partners', async () => {
    const tp = await openPage(stack);
    const { page } = tp;
    await signInFast(tp, DEMO.beheer);
    await page.goto('/beheer');
    await expect.poll(() => page.locator('table.tabel tbody tr').count(), WAIT).toBe(35);
    await expect.poll(() => page.locator('table.tabel tbody tr').first().textContent(), WAIT).toContain('Regiocontact Groningen');
    await check360(tp, 'beheer-regio-contacten');
    await page.getByRole('link', { name: 'Rooster' }).click();
    await page.getByRole('heading', { name: 'Rooster van Team NLWerktDoor' }).waitFor();
    await page.getByRole('link', { name: 'WSP’s' }).click();
    await page.getByRole('heading', { name: 'Werkgeversservicepunten' }).waitFor();
    await check360(tp, 'beheer-wsps');
    await page.getByRole('link', { name: 'Regionale partners' }).click();
    await page.getByLabel('Regio').selectOption('AM01');
    const pow = page.locator('form[aria-labelledby="kop-pow_regisseur-AM01"]');
    await pow.getByLabel('Naam').fill('Regisseur Groningen');
    await pow.getByLabel('E-mailadres').fill('regisseur@pow-groningen.example');
    await pow.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('is vastgelegd');
    if (stack.running) {
      const [rij] = await stack.running.sql<{ email: string }[]>`select email from regio_partners where regio_code = 'AM01' and soort = 'pow_regisseur'`;
      expect(rij?.email).toBe('regisseur@pow-groningen.example');
    }
    await check360(tp, 'beheer-partners');
    tp.expectNoConsoleErrors();
    await tp.close();
  });

  test('beheerder: undeliverable mail is listed and offered again', async () => {
    const onderwerp = `Onbezorgbaar bericht${RUN}`;
    if (stack.running) {
      await stack.running.sql`
        insert into outbox (idempotency_key, ontvanger_adres, onderwerp, body, status, attempts, last_error)
        values (${`e2e-mail-${Date.now()}`}, 'weg@example.invalid', ${onderwerp}, 'Tekst', 'failed', 7, '550 Mailbox <adres> bestaat niet')`;
    }
    const tp = await openPage(stack);
    const { page } = tp;
    page.setDefaultTimeout(10_000);
    await signInFast(tp, DEMO.beheer);
    await page.goto('/beheer');
    await page.getByRole('link', { name: 'Onbezorgde mail' }).click();
    await page.getByRole('heading', { name: 'Onbezorgde mail' }).waitFor();
    if (!stack.running) {
      await expect.poll(async () => (await page.locator('table.tabel').count()) + (await page.getByText('Alle mail is bezorgd.').count()), WAIT).toBeGreaterThan(0);
      tp.expectNoConsoleErrors();
      await tp.close();
      return;
    }
    const rij = page.getByRole('row').filter({ hasText: onderwerp });
    await rij.waitFor();
    const tekst = (await rij.textContent()) ?? '';
    expect(tekst).toContain('Een los e-mailadres');
    expect(tekst).toContain('550 Mailbox <adres> bestaat niet');
    expect(tekst).toMatch(/\d{1,2} [a-z]+\.? \d{4}|\d{1,2}-\d{1,2}-\d{4}/);
    expect(tekst).not.toContain('weg@example.invalid');
    expect(await a11yProblems(page), 'accessibility problems on Beheer → Onbezorgde mail').toEqual([]);
    await check360(tp, 'beheer-mail');

    await rij.getByRole('button', { name: 'Opnieuw versturen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('staat weer in de wachtrij');
    await expect.poll(() => page.getByRole('row').filter({ hasText: onderwerp }).count(), WAIT).toBe(0);
    const [mail] = await stack.running.sql<{ status: string }[]>`select status from outbox where onderwerp = ${onderwerp}`;
    expect(mail?.status).not.toBe('failed');
    expect(await a11yProblems(page), 'accessibility problems after requeueing').toEqual([]);
    tp.expectNoConsoleErrors();
    await tp.close();
  });
  /** Signs in through the form with a password of one's own (the accounts made here have no demo password). */
  async function signInWith(tp: TestPage, email: string, wachtwoord: string) {
    await tp.page.goto('/inloggen');
    await tp.page.getByLabel('E-mailadres').fill(email);
    await tp.page.getByLabel('Wachtwoord').fill(wachtwoord);
    await tp.page.getByRole('button', { name: 'Inloggen' }).click();
  }

  async function expectAccessible(tp: TestPage, what: string) {
    expect(await a11yProblems(tp.page), `accessibility problems on ${what}`).toEqual([]);
  }

  /** The message shown at a field, found the way a screen reader finds it: through aria-describedby. */
  async function fieldError(field: Locator): Promise<string> {
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-fout'));
    return ids.length ? ((await field.page().locator(`[id="${ids[0]}"]`).textContent()) ?? '') : '';
  }

  test('beheerder creates a team member with a password; that person changes it on the Wachtwoord page and signs in with the new one', async () => {
    const email = `nieuw.teamlid${RUN.trim()}@werkroute.example`;
    const eerste = 'eerste-wachtwoord-van-anna';
    const tweede = 'tweede wachtwoord van Anna';
    const beheer = await openPage(stack);
    const { page } = beheer;
    // A step that cannot happen fails with its own name, not as the whole test's timeout.
    page.setDefaultTimeout(10_000);
    await signInFast(beheer, DEMO.beheer);
    await page.goto('/beheer');
    await page.getByRole('link', { name: 'Medewerkers', exact: true }).click();
    await page.getByRole('heading', { name: 'Medewerkers' }).waitFor();
    await expect.poll(() => page.getByRole('list', { name: 'Medewerkers' }).getByRole('listitem').count(), WAIT).toBeGreaterThan(3);
    expect(await page.locator('main').textContent()).toContain('Regio-contactpersoon');
    await expectAccessible(beheer, 'Beheer → Medewerkers');
    await check360(beheer, 'beheer-medewerkers');

    await page.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    const form = page.locator('form[aria-labelledby="kop-nieuwe-medewerker"]');
    await form.getByLabel('Naam').fill('Anna de Vries');
    await form.getByLabel('E-mailadres').fill(email);
    await form.getByLabel('Rol', { exact: false }).selectOption({ label: 'Team NLWerktDoor' });
    // Too short: the API's message stands at the field.
    await form.getByLabel('Wachtwoord (optioneel)').fill('kort');
    await form.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    await expect.poll(() => fieldError(form.getByLabel('Wachtwoord (optioneel)')), WAIT).toContain('minstens 12 tekens');
    expect(await form.getByLabel('Wachtwoord (optioneel)').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(beheer, 'the new-medewerker form with an error');
    await check360(beheer, 'beheer-medewerker-nieuw');
    await form.getByLabel('Wachtwoord (optioneel)').fill(eerste);
    await form.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('Anna de Vries is toegevoegd als Team NLWerktDoor');
    const rij = page.getByRole('listitem').filter({ hasText: email });
    await expect.poll(() => rij.textContent(), WAIT).toContain('Actief');

    // The same address again is refused at the e-mail field.
    await page.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    await form.getByLabel('Naam').fill('Anna de Vries');
    await form.getByLabel('E-mailadres').fill(email);
    await form.getByLabel('Rol', { exact: false }).selectOption({ label: 'Team NLWerktDoor' });
    await form.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    await expect.poll(() => fieldError(form.getByLabel('E-mailadres')), WAIT).toContain('Er is al een medewerker met dit e-mailadres');
    beheer.expectNoConsoleErrors([expectedStatus(400), expectedStatus(409)]);
    await beheer.close();

    const anna = await openPage(stack);
    await signInWith(anna, email, eerste);
    await anna.page.waitForURL('**/team');
    await anna.page.getByRole('link', { name: 'Wachtwoord wijzigen' }).click();
    await anna.page.getByRole('heading', { name: 'Wachtwoord wijzigen' }).waitFor();
    expect(await anna.page.getByLabel('Huidig wachtwoord').getAttribute('autocomplete')).toBe('current-password');
    expect(await anna.page.getByLabel('Nieuw wachtwoord', { exact: false }).first().getAttribute('autocomplete')).toBe('new-password');
    await expectAccessible(anna, 'Wachtwoord wijzigen');
    await check360(anna, 'wachtwoord');

    const vul = async (huidig: string, nieuw: string, herhaling = nieuw) => {
      await anna.page.getByLabel('Huidig wachtwoord').fill(huidig);
      await anna.page.locator('input[name="nieuwWachtwoord"]').fill(nieuw);
      await anna.page.getByLabel('Herhaal het nieuwe wachtwoord').fill(herhaling);
      await anna.page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    };
    await vul('niet-mijn-wachtwoord', tweede);
    await expect.poll(() => fieldError(anna.page.getByLabel('Huidig wachtwoord')), WAIT).toContain('Dit is niet uw huidige wachtwoord');
    await vul(eerste, 'kort');
    await expect.poll(() => fieldError(anna.page.locator('input[name="nieuwWachtwoord"]')), WAIT).toContain('minstens 12 tekens');
    await vul(eerste, tweede, 'iets anders dan het nieuwe');
    await expect.poll(() => fieldError(anna.page.getByLabel('Herhaal het nieuwe wachtwoord')), WAIT).toContain('niet gelijk');
    await expectAccessible(anna, 'Wachtwoord wijzigen with errors');
    await vul(eerste, tweede);
    await expect.poll(() => anna.page.getByRole('status').first().textContent(), WAIT).toContain('Uw wachtwoord is gewijzigd');
    expect(await anna.page.getByRole('status').first().textContent()).toContain('uitgelogd');

    await anna.page.getByRole('button', { name: 'Uitloggen' }).click();
    await anna.page.waitForURL('**/inloggen');
    await signInWith(anna, email, eerste);
    await expect.poll(() => anna.page.getByRole('alert').textContent(), WAIT).toContain('klopt niet');
    await signInWith(anna, email, tweede);
    await anna.page.waitForURL('**/team');
    anna.expectNoConsoleErrors([expectedStatus(400), expectedStatus(401), expectedStatus(403)]);
    await anna.close();
  });

  test('beheerder lifts a sign-in lock, sets a new password and deactivates an account; a locked sign-in says why', async () => {
    const email = `piet.wsp${RUN.trim()}@werkroute.example`;
    const beheer = await openPage(stack);
    const { page } = beheer;
    // A step that cannot happen fails with its own name, not as the whole test's timeout.
    page.setDefaultTimeout(10_000);
    await signInFast(beheer, DEMO.beheer);
    const wsps = (await (await beheer.context.request.get('/api/beheer/wsps')).json()) as { items: { id: number }[] };
    const aangemaakt = await beheer.context.request.post('/api/beheer/medewerkers', {
      data: { naam: 'Piet Bakker', email, rol: 'wsp', wspId: wsps.items[0]!.id, wachtwoord: 'het-eerste-wachtwoord' },
    });
    expect(aangemaakt.status()).toBe(201);

    // Five wrong passwords lock the address; in-process the lock is written directly, to spare the
    // per-address sign-in limit that the other tests share.
    if (stack.running) {
      const hash = createHash('sha256').update(email.toLowerCase()).digest('hex');
      await stack.running.sql`insert into inlog_blokkades (email_hash, mislukt, laatste_poging, geblokkeerd_tot) values (${hash}, 5, now(), now() + interval '15 minutes')`;
    } else {
      for (let i = 0; i < 5; i++) await beheer.context.request.post('/api/auth/login', { data: { email, wachtwoord: 'fout-fout-fout' } });
    }
    const piet = await openPage(stack);
    await signInWith(piet, email, 'het-eerste-wachtwoord');
    await expect.poll(() => piet.page.getByRole('alert').textContent(), WAIT).toContain('Te veel mislukte pogingen met dit e-mailadres. Probeer het over 15 minuten opnieuw');
    expect(await piet.page.getByRole('alert').textContent()).not.toContain('Referentie');
    await check360(piet, 'inloggen-geblokkeerd');

    await page.goto('/beheer/medewerkers');
    await page.getByLabel('Toon rol').selectOption({ label: 'WSP-medewerker' });
    const rij = page.getByRole('listitem').filter({ hasText: email });
    await rij.waitFor();
    expect(await page.getByRole('list', { name: 'Medewerkers' }).textContent()).not.toContain('Beheerder');
    expect(await rij.textContent()).toContain('WSP-medewerker bij');
    await rij.getByRole('button', { name: 'Inlogblokkade opheffen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('inlogblokkade van Piet Bakker is opgeheven');

    await rij.getByRole('button', { name: 'Wachtwoord instellen' }).click();
    await rij.getByLabel('Nieuw wachtwoord').fill('kort');
    await rij.getByRole('button', { name: 'Wachtwoord instellen' }).click();
    await expect.poll(() => fieldError(rij.getByLabel('Nieuw wachtwoord')), WAIT).toContain('minstens 12 tekens');
    await expectAccessible(beheer, 'the set-password form');
    await rij.getByLabel('Nieuw wachtwoord').fill('een nieuw wachtwoord voor Piet');
    await rij.getByRole('button', { name: 'Wachtwoord instellen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('overal uitgelogd');
    await signInWith(piet, email, 'een nieuw wachtwoord voor Piet');
    await piet.page.waitForURL('**/taken');

    await rij.getByRole('button', { name: 'Deactiveren' }).click();
    await rij.getByLabel('Reden (optioneel)').fill('Werkt niet meer bij het WSP');
    await expectAccessible(beheer, 'the deactivate form');
    await rij.getByRole('button', { name: 'Deactiveren bevestigen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('Piet Bakker is gedeactiveerd');
    await expect.poll(() => rij.textContent(), WAIT).toContain('Niet actief');
    await check360(beheer, 'beheer-medewerker-gedeactiveerd');
    // The session ended with the deactivation: the next page asks to sign in again.
    await piet.page.goto('/taken');
    await piet.page.getByRole('heading', { name: 'Inloggen' }).waitFor();

    // One's own account cannot be deactivated, so the button is not offered.
    await page.getByLabel('Toon rol').selectOption({ label: 'Beheerder' });
    const zelf = page.getByRole('listitem').filter({ hasText: '(u)' });
    await zelf.waitFor();
    expect(await zelf.getByRole('button', { name: 'Deactiveren' }).count()).toBe(0);
    beheer.expectNoConsoleErrors([expectedStatus(400)]);
    piet.expectNoConsoleErrors([expectedStatus(401), expectedStatus(429)]);
    await piet.close();
    await beheer.close();
  });
});
