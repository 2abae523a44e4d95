// The employer's path in a real browser: the public form (with the API's validation messages inline),
// the confirmation with the private follow link, the follow page, withdrawing; and the public wegwijzer.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, WAIT, expectedStatus, hasChromium, openPage, signInFast, startStack, type Stack } from './browser';

describe.skipIf(!hasChromium)('werkgever in the browser', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('werkgever');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('home page and form fit 360 px, are keyboard reachable and log no errors', async () => {
    const tp = await openPage(stack, { width: 360, height: 740 });
    const { page } = tp;
    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), WAIT).toContain('NLWerktDoor');
    expect(await tp.scrollWidth()).toBeLessThanOrEqual(360);
    // The first Tab lands on the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toContain('Direct naar de inhoud');
    await tp.shot('home-360');

    await page.getByRole('link', { name: 'Vraag melden' }).click();
    await page.getByRole('heading', { name: 'Melding doen' }).waitFor();
    expect(await tp.scrollWidth()).toBeLessThanOrEqual(360);
    // Every form control has a label.
    const unlabelled = await page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).length`);
    expect(unlabelled).toBe(0);
    await tp.shot('melden-360', { fullPage: false });
    tp.expectNoConsoleErrors();
    await tp.close();
  });

  test('a wrong submission shows the API’s messages next to the fields; a good one gives the follow link; the employer follows and withdraws', async () => {
    const tp = await openPage(stack, { width: 360, height: 740 });
    const { page } = tp;
    await page.goto('/melden?soort=vraag');
    await page.getByLabel('Naam van de organisatie').fill('Snijder BV');
    await page.getByLabel('KvK-nummer').fill('1234');
    await page.getByLabel('Sector').selectOption('C');
    await page.getByLabel('Postcode vestiging 1').fill('1621 AB');
    await page.getByLabel('Huisnummer').fill('12');
    await page.getByLabel('Plaats').fill('Hoorn');
    await page.locator('[name="functies.0.omschrijving"]').fill('monteur');
    await page.getByLabel('Aantal personen').fill('2');
    await page.locator('[name="contactpersoon.naam"]').fill('Iet Jongbloed');
    await page.getByLabel('E-mailadres').fill('iet@example');
    await page.getByRole('button', { name: 'Melding versturen' }).click();

    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent(), WAIT).toContain('Controleer het formulier');
    // The message sits next to its field and the field is marked invalid for assistive technology.
    const kvk = page.getByLabel('KvK-nummer');
    expect(await kvk.getAttribute('aria-invalid')).toBe('true');
    const kvkError = await page.locator(`#${await kvk.getAttribute('aria-describedby').then((d) => d!.split(' ').pop())}`).textContent();
    expect(kvkError).toMatch(/8 cijfers/);
    expect(await page.getByLabel('E-mailadres').getAttribute('aria-invalid')).toBe('true');
    expect(await tp.scrollWidth()).toBeLessThanOrEqual(360);
    await page.evaluate('window.scrollTo(0, 0)');
    await tp.shot('melden-fouten-360', { docs: true, fullPage: false });

    await kvk.fill('12345678');
    await page.getByLabel('E-mailadres').fill('iet@example.nl');
    await page.getByRole('button', { name: 'Melding versturen' }).click();
    await page.getByRole('heading', { name: 'Bedankt, uw melding is ontvangen' }).waitFor();
    const link = page.getByTestId('volglink');
    const href = await link.getAttribute('href');
    expect(href).toBeTruthy();
    await tp.shot('bevestiging-360');

    await link.click();
    await page.getByRole('heading', { name: 'Uw melding', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Waar staat uw melding?' }).waitFor();
    expect(await tp.scrollWidth()).toBeLessThanOrEqual(360);
    await tp.shot('volg-360', { docs: true });

    await page.getByRole('button', { name: 'Melding intrekken…' }).click();
    await page.getByRole('button', { name: 'Ja, trek mijn melding in' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toContain('ingetrokken');
    tp.expectNoConsoleErrors([expectedStatus(400)]);
    await tp.close();
  });

  test('wegwijzer: a beheerder adds an initiative; the public finds it by regio and sector', async () => {
    const beheer = await openPage(stack);
    await signInFast(beheer, DEMO.beheer);
    await beheer.page.goto('/wegwijzer');
    await beheer.page.getByRole('button', { name: 'Initiatief toevoegen' }).click();
    await beheer.page.getByLabel('Titel').fill('Techniekpact Groningen');
    await beheer.page.getByLabel('Omschrijving').fill('Omscholing naar technische beroepen voor werkgevers in de regio.');
    await beheer.page.locator('select[name="regioCode"]').selectOption('AM01');
    await beheer.page.locator('select[name="sectorLetter"]').selectOption('C');
    await beheer.page.getByLabel('Website').fill('https://example.org/techniekpact');
    await beheer.page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => beheer.page.getByRole('status').first().textContent(), WAIT).toContain('toegevoegd');
    beheer.expectNoConsoleErrors();
    await beheer.close();

    const tp = await openPage(stack, { width: 360, height: 740 });
    const { page } = tp;
    await page.goto('/wegwijzer');
    await page.getByRole('heading', { name: 'Wegwijzer' }).waitFor();
    await page.locator('select[name="regio"]').selectOption('AM01');
    await page.locator('select[name="sector"]').selectOption('C');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await expect.poll(() => page.locator('main').textContent(), WAIT).toContain('Techniekpact Groningen');
    expect(await tp.scrollWidth()).toBeLessThanOrEqual(360);
    await tp.shot('wegwijzer-360', { docs: true, fullPage: false });
    await page.locator('select[name="sector"]').selectOption('F');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await expect.poll(() => page.locator('main').textContent(), WAIT).not.toContain('Techniekpact Groningen');
    tp.expectNoConsoleErrors();
    await tp.close();
  });
});
