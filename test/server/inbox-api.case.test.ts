// The inbox and comments in-process on SQLite and PostgreSQL: sign-offs waiting for the
// roles a person holds (and leaving once decided), KPI values due by cadence, mentions in
// comments reaching the mentioned person until read; comments as untrusted text.
import { expect, it } from 'vitest';
import { describeEachStore, sampleUseCase, T0 } from '../support/server-app.js';

type Item = { kind: string; id: string; use_case: string; href: string; since: string | null; detail: string };

describeEachStore('inbox API', (open) => {
  it('lists the sign-offs a person\'s roles are asked for until they decide, and none for others', async ({ skip }) => {
    // CONFIG: approver holds business_owner, admin technical_lead; the default gates ask
    // idea -> qualified for business_owner and pilot -> production for all four roles.
    const t = await open(skip);
    const inbox = async (role: 'approver' | 'admin' | 'viewer') => (await t.as(role, { method: 'GET', url: '/api/inbox' })).json() as { items: Item[]; total: number; sections: { kind: string; count: number }[] };
    const approver = await inbox('approver');
    expect(approver.items.filter((i) => i.kind === 'signoff').map((i) => i.id).sort()).toEqual(['signoff:churn-alerts:qualified:business_owner', 'signoff:invoice-matching:production:business_owner']);
    expect(approver.items.find((i) => i.use_case === 'churn-alerts')!.href).toBe('/use-cases/churn-alerts#gate');
    expect(approver.sections.find((s) => s.kind === 'signoff')!.count).toBe(2);
    expect((await inbox('admin')).items.map((i) => i.id)).toEqual(['signoff:invoice-matching:production:technical_lead']);
    expect((await inbox('viewer')).total).toBe(0);

    const signed = await t.as('approver', { method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'business_owner', decision: 'approve' } });
    expect(signed.statusCode).toBeLessThan(300);
    expect((await inbox('approver')).items.map((i) => i.id)).toEqual(['signoff:invoice-matching:production:business_owner']);
  });

  it('lists a KPI whose latest value is older than its cadence for the owner only', async ({ skip }) => {
    const kpi = (id: string, cadence?: string) => ({ id, name: `KPI ${id}`, unit: '%', direction: 'down', target: 5, ...(cadence ? { cadence } : {}) });
    const t = await open(skip, { useCases: [sampleUseCase('churn-alerts', { owner: 'contributor', kpis: [kpi('late', 'monthly'), kpi('fresh', 'monthly'), kpi('never', 'weekly'), kpi('none')] })] });
    // T0 is 2026-03-02: a monthly value of 2026-01-15 was due on 2026-02-15; one of 2026-02-20 is due on 2026-03-23.
    const r = await t.as('contributor', {
      method: 'POST',
      url: '/api/kpi-measurements',
      payload: { measurements: [{ use_case: 'churn-alerts', kpi: 'late', at: '2026-01-15', value: 7 }, { use_case: 'churn-alerts', kpi: 'fresh', at: '2026-02-20', value: 6 }], source: 'test' },
    });
    expect(r.statusCode).toBeLessThan(300);
    const items = ((await t.as('contributor', { method: 'GET', url: '/api/inbox' })).json() as { items: Item[] }).items;
    expect(items.map((i) => [i.id, i.since])).toEqual([
      ['kpi_due:churn-alerts:never', null],
      ['kpi_due:churn-alerts:late', '2026-02-15'],
    ].sort((a, b) => String(a[1] ?? '').localeCompare(String(b[1] ?? ''))));
    expect(((await t.as('approver', { method: 'GET', url: '/api/inbox' })).json() as { items: Item[] }).items.some((i) => i.kind === 'kpi_due')).toBe(false);
  });

  it('brings a mention to the mentioned person until read; comments stay plain text and bad ones write nothing', async ({ skip }) => {
    const t = await open(skip);
    const body = 'Data looks ready <script>alert(1)</script>, @approver please sign; cc @nobody and mail x@approver.example';
    const posted = await t.as('viewer', { method: 'POST', url: '/api/use-cases/churn-alerts/comments', payload: { body } });
    expect(posted.statusCode).toBe(201);
    expect(posted.json()).toMatchObject({ author: 'viewer', body, mentions: ['approver'], use_case: 'churn-alerts' });
    const id = posted.json().id as string;

    const mentions = async (role: 'approver' | 'viewer') => ((await t.as(role, { method: 'GET', url: '/api/inbox' })).json() as { items: Item[] }).items.filter((i) => i.kind === 'mention');
    expect((await mentions('approver')).map((i) => [i.id, i.href, i.detail])).toEqual([[`mention:${id}`, `/use-cases/churn-alerts#comment-${id}`, body]]);
    expect(await mentions('viewer')).toEqual([]);
    // Someone else cannot mark it read for the approver.
    expect((await t.as('viewer', { method: 'POST', url: `/api/inbox/mentions/${id}/read` })).statusCode).toBe(404);
    expect(await mentions('approver')).toHaveLength(1);
    expect((await t.as('approver', { method: 'POST', url: `/api/inbox/mentions/${id}/read` })).json()).toEqual({ read: true });
    expect((await t.as('approver', { method: 'POST', url: `/api/inbox/mentions/${id}/read` })).statusCode).toBe(200);
    expect(await mentions('approver')).toEqual([]);

    const before = await t.store.db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const tooLong = await t.as('viewer', { method: 'POST', url: '/api/use-cases/churn-alerts/comments', payload: { body: 'x'.repeat(4001) } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toMatchObject({ code: 'invalid', field: 'body' });
    const control = await t.as('viewer', { method: 'POST', url: '/api/use-cases/churn-alerts/comments', payload: { body: 'bell \u0007 here' } });
    expect(control.statusCode).toBe(400);
    expect((await t.as('viewer', { method: 'POST', url: '/api/use-cases/churn-alerts/comments', payload: { body: '   ' } })).statusCode).toBe(400);
    expect((await t.as('viewer', { method: 'POST', url: '/api/use-cases/nope/comments', payload: { body: 'hello' } })).statusCode).toBe(404);
    const crowd = Array.from({ length: 21 }, (_, i) => `@person${i}`).join(' ');
    expect((await t.as('viewer', { method: 'POST', url: '/api/use-cases/churn-alerts/comments', payload: { body: crowd } })).statusCode).toBe(400);
    expect((await t.as('admin', { method: 'POST', url: '/api/use-cases/invoice-matching/archive' })).statusCode).toBeLessThan(300);
    const archived = await t.as('viewer', { method: 'POST', url: '/api/use-cases/invoice-matching/comments', payload: { body: 'too late, @approver' } });
    expect(archived.statusCode).toBe(409);
    expect(await t.store.db.selectFrom('comment_mentions').select('comment_id').where('use_case_id', '=', 'invoice-matching').execute()).toEqual([]);
    const after = await t.store.db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const list = (await t.as('viewer', { method: 'GET', url: '/api/use-cases/churn-alerts/comments' })).json();
    expect(list.items.map((c: { body: string }) => c.body)).toEqual([body]);
    expect(String(T0.toISOString())).toBe(list.items[0].created_at);
  });
});
