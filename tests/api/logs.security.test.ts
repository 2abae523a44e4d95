// Logs never carry free text: an activity that fails with the employer's reason in its input, and a
// submission the database refuses, leave log lines that name the failure but not the text or the person.
// The SDK's lines go through app/sdk-logs.ts as in production (installed before the harness's quiet runtime).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, foutVoorLog } from '../../app/logger';
import { routeSdkLogs, sdkLogVelden } from '../../app/sdk-logs';
import { expectMsg, geldigeMelding, startApiHarness, waitFor, type ApiHarness } from './harness';

const sdkLines: string[] = [];
const apiLines: string[] = [];
routeSdkLogs(createLogger('debug', (line) => sdkLines.push(line)));

const GEHEIM = `GEHEIM-${randomBytes(6).toString('hex')}`;

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ temporal: true, logLines: apiLines });
  // Outside the migrations, in this file's own database only: the first audit row that quotes the secret
  // fails (a sequence, because the raise rolls back anything transactional), the retry succeeds; a contact
  // person with the secret in the name is always refused.
  await h.db.sql.unsafe(`
    create sequence test_storing;
    create function test_storing_audit() returns trigger language plpgsql as $$
    begin
      if coalesce(new.reden, '') like '%GEHEIM-%' then
        if nextval('test_storing') = 1 then raise exception 'eenmalige storing'; end if;
      end if;
      return new;
    end $$;
    create trigger test_storing_audit before insert on audit_log for each row execute function test_storing_audit();
    create function test_weiger_contact() returns trigger language plpgsql as $$
    begin
      if coalesce(new.naam, '') like '%GEHEIM-%' then raise exception 'contactpersoon geweigerd'; end if;
      return new;
    end $$;
    create trigger test_weiger_contact before insert on contactpersonen for each row execute function test_weiger_contact();
  `);
});
afterAll(() => h?.stop());

const metGeheim = (lines: string[]) => lines.filter((l) => l.includes(GEHEIM) || l.includes('geheim@example.nl'));

describe('logs never carry free text', () => {
  it('a failing activity is logged with its type, attempt and error, without its input', async () => {
    const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding() });
    expect(r.status, expectMsg(r)).toBe(201);
    await waitFor(() => h.temporal.status(r.body.id), { what: 'workflow started' });
    const pad = `/api/volg/${(r.body.volgLink as string).split('/volg/')[1]}`;
    const i = await h.req('POST', `${pad}/intrekken`, { body: { reden: `${GEHEIM} we hebben al iemand, bel Jan op 0612345678` } });
    expect(i.status, expectMsg(i)).toBe(200);

    // The first attempt of the step's transaction (v2: verwerkStap; v1: the audit activity) fails and is logged; its retry completes.
    const sdk = () => sdkLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const gefaald = await waitFor(() => {
      const f = sdk().filter((l) => l.msg === 'Activity failed' && ['registreerAudit', 'verwerkStap'].includes(String(l.activityType)) && l.workflowId === `melding-${r.body.id}`);
      return f.length > 0 ? f : undefined;
    }, { what: 'the failed audit activity in the log', timeoutMs: 30_000 });
    await waitFor(() => sdk().find((l) => l.msg === 'Activity completed' && l.activityId === gefaald[0]!.activityId && l.workflowId === gefaald[0]!.workflowId && l.attempt === 2), {
      what: 'the retry of the audit activity',
      timeoutMs: 30_000,
    });
    expect(gefaald[0]).toMatchObject({ level: 'warn', component: 'temporal-sdk', workflowId: `melding-${r.body.id}`, attempt: 1, error: { message: expect.stringMatching(/^Failed query: insert into "audit_log"/), cause: { name: 'PostgresError', message: 'eenmalige storing' } } });
    expect(gefaald[0]!.taskToken).toBeUndefined();
    expect(metGeheim(sdkLines)).toEqual([]);
    expect(metGeheim(apiLines)).toEqual([]);
  });

  it('a submission the database refuses: 500, logged with the request id, without the name or the e-mail address', async () => {
    const r = await h.req('POST', '/api/meldingen', { body: geldigeMelding({ contactpersoon: { naam: `${GEHEIM} Jansen`, email: 'geheim@example.nl' } }) });
    expect(r.status, expectMsg(r)).toBe(500);
    const fout = apiLines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled error' && l.requestId === r.body.requestId);
    expect(fout).toMatchObject({ level: 'error', err: { name: 'PostgresError', message: 'contactpersoon geweigerd' } });
    expect(metGeheim(apiLines)).toEqual([]);
    expect(metGeheim(sdkLines)).toEqual([]);
  });
});

describe('the redaction itself', () => {
  it('an error keeps name, code, first line and frames; loses its properties, later lines and quoted values', () => {
    const err = Object.assign(new Error('Failed query: insert into "x" values ($1)\nparams: Jan Jansen,jan@example.nl'), { params: ['Jan Jansen'], code: 'E1' });
    err.cause = Object.assign(new Error('invalid input syntax for type uuid: "Jan Jansen"'), { name: 'PostgresError', where: 'Jan Jansen' });
    const uit = JSON.stringify(foutVoorLog(err));
    expect(uit).not.toContain('Jan');
    expect(JSON.parse(uit)).toMatchObject({ name: 'Error', code: 'E1', message: 'Failed query: insert into "x" values ($1)', cause: { name: 'PostgresError', message: 'invalid input syntax for type uuid: "…"' } });
    expect(JSON.parse(uit).stack).toMatch(/^Error: Failed query: insert into "x" values \(\$1\)\n\s+at /);
  });

  it('SDK meta: ids and counters stay, inputs and options go', () => {
    expect(sdkLogVelden({ workflowId: 'melding-1', activityType: 'notificeer', attempt: 3, args: ['vrije tekst'], input: { reden: 'x' }, options: { a: 1 }, taskToken: 'abc', result: 'y' })).toEqual({
      workflowId: 'melding-1',
      activityType: 'notificeer',
      attempt: 3,
    });
  });
});
