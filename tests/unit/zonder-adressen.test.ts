import { describe, expect, it } from 'vitest';
import { zonderAdressen } from '../../activities/melding';

describe('zonderAdressen (SMTP errors carry no personal data)', () => {
  it.each([
    ['550 5.1.1 <iet@example.nl>: Recipient address rejected', '550 5.1.1 <<adres>>: Recipient address rejected'],
    ['Can not send mail to j.de.vries+werk@sub.example.com now', 'Can not send mail to <adres> now'],
    ['connect ECONNREFUSED 127.0.0.1:25', 'connect ECONNREFUSED 127.0.0.1:25'],
  ])('%s', (invoer, verwacht) => {
    expect(zonderAdressen(invoer)).toBe(verwacht);
  });
});
