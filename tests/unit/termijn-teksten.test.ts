// Texts that state a term come from the clock rules: no "2 werkdagen" typed by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KLOK_REGELS, termijnTekst } from '../../domain/melding';
import { renderSjabloon } from '../../activities/sjablonen';

describe('termijnTekst', () => {
  it('says each of today\'s terms in plain Dutch', () => {
    expect(termijnTekst('intake')).toBe('één werkdag');
    expect(termijnTekst('wsp_reactie')).toBe(`${KLOK_REGELS.wsp_reactie.termijn.aantal} werkdagen`);
    expect(termijnTekst('statusrapport')).toBe('2 weken');
    expect(termijnTekst('terugmelding')).toBe('4 weken');
  });

  it('mails and pages read the term from the rules, none types it', () => {
    const mail = renderSjabloon('herinnering', { klok: 'wsp_reactie', deadline: '2027-01-20T17:00:00+01:00' }, 7, 'AM01');
    expect(mail.body + mail.onderwerp).toContain(termijnTekst('wsp_reactie'));
    for (const pagina of ['home', 'melden', 'volg', 'melding']) {
      const bron = readFileSync(new URL(`../../web/src/pages/${pagina}.tsx`, import.meta.url), 'utf8');
      expect(bron, pagina).not.toMatch(/\b(één|\d+)( à \d+)? werkdag(en)?\b|\b(14|28) dagen\b|\b4 weken\b/);
    }
  });
});
