// Staff paths in a real browser against the real stack: the team takes a melding in and routes it, the
// regio-contact acknowledges and forwards it (reached through an e-mail style deep link), the WSP records
// contact, the manager reads the overview and drills down, the beheerder maintains contacts and roster.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, DEMO_PASSWORD, WAIT, hasChromium, openPage, signIn, signInFast, startStack, type Stack, type TestPage } from './browser';

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
});
