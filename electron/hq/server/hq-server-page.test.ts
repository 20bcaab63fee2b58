import { describe, expect, it } from 'vitest';
import { HQ_ENGINES, openTestStore } from '../testing/test-postgres.ts';
import { addAccount } from './hq-admin.ts';
import { HQ_PAGE_CSP } from './http-io.ts';
import { attentionItem, adyenEvent, saleItem, zReportItem } from './testing/hq-fixtures.ts';
import { startHarness } from './testing/hq-harness.ts';

/**
 * The head-office page over real HTTP on a real store: signing in against a
 * scrypt hash, what a viewer's HTML holds and what only a manager's does,
 * and revoking a till, which only a manager may.
 */

const PASSWORD = 'a long enough password';
const DAY = '2026-03-02';

async function chainWithData(engine: (typeof HQ_ENGINES)[number]) {
  const hq = await startHarness((await openTestStore(engine)).store);
  await addAccount(hq.store, { name: 'vera', role: 'viewer', password: PASSWORD });
  await addAccount(hq.store, { name: 'max', role: 'manager', password: PASSWORD });
  const till = await hq.enrol('T-1');
  const pushed = await hq.push(
    till.token,
    [
      saleItem(1, { completedAt: `${DAY}T09:15:00.000Z`, totalMinor: 123_456 }),
      attentionItem(2, { at: `${DAY}T09:20:00.000Z`, amountMinor: 4_321, attemptId: 'attempt-waiting' }),
      zReportItem(3, { closedAt: `${DAY}T09:55:00.000Z`, zNumber: 7, netTakingsMinor: 123_456, differenceMinor: -250 }),
    ],
    { printer: { health: 'problem', detail: 'Paper out' } },
  );
  expect(pushed.status).toBe(200);
  await hq.postWebhook(adyenEvent('UNKNOWN-POI-1', 'Svc0000004'));
  return { hq, till };
}

type Harness = Awaited<ReturnType<typeof startHarness>>;

function originOf(hq: Harness): string {
  return hq.server.url;
}

async function signIn(hq: Harness, name: string, password = PASSWORD): Promise<Response> {
  return hq.call('POST', '/login', {
    body: new URLSearchParams({ name, password }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: originOf(hq) },
  });
}

async function cookieFor(hq: Harness, name: string): Promise<string> {
  const response = await signIn(hq, name);
  expect(response.status).toBe(303);
  const [cookie] = response.headers.getSetCookie();
  return (cookie ?? '').split(';')[0] ?? '';
}

async function page(
  hq: Harness,
  cookie: string,
  path = '/',
): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await hq.call('GET', path, { headers: { cookie } });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

describe.each(HQ_ENGINES)('the head-office page on %s', { timeout: 60_000 }, (engine) => {
  it('signs in against a scrypt hash with a strict cookie, and refuses a wrong password', async () => {
    const { hq } = await chainWithData(engine);
    const account = await hq.store.accountByName('max');
    expect(account?.passwordHash).toMatch(/^scrypt\$/);

    const anonymous = await hq.call('GET', '/');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login');
    const form = await page(hq, '', '/login');
    expect(form.html).toContain('<form method="post" action="/login">');
    expect(form.headers.get('content-security-policy')).toBe(HQ_PAGE_CSP);

    const wrong = await signIn(hq, 'max', 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    await expect(wrong.text()).resolves.toContain('That name and password do not match an account.');
    expect((await signIn(hq, 'nobody')).status).toBe(401);

    const right = await signIn(hq, 'max');
    expect(right.status).toBe(303);
    expect(right.headers.getSetCookie()[0]).toMatch(
      /^kassa_hq_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    expect(JSON.stringify(hq.logger.lines)).not.toContain(PASSWORD);
  });

  it('shows a viewer the takings, charts and tills, and nothing of a manager’s in the HTML', async () => {
    const { hq } = await chainWithData(engine);
    const { status, html } = await page(hq, await cookieFor(hq, 'vera'));
    expect(status).toBe(200);
    expect(html).toContain('Takings by shop');
    expect(html).toContain('Amsterdam Centraal');
    expect(html).toContain('€1,234.56');
    expect(html).toMatch(/<svg\s+class="chart"/);
    expect(html).toContain('Net takings by hour (EUR)');
    expect(html).toContain('21%');
    expect(html).toContain('Printer problem');
    expect(html).toContain('Paper out');
    expect(html).toContain('Z reports');
    expect(html).not.toContain('Waiting for a manager');
    expect(html).not.toContain('€43.21');
    expect(html).not.toContain('/tills/revoke');
    expect(html).not.toContain('Cash difference');
    expect(html).not.toContain('UNKNOWN-POI-1');
    expect(html).not.toMatch(/<script|style=/);
  });

  it('shows a manager what waits for them, the cash differences and the webhooks no till claims, with a revoke button', async () => {
    const { hq } = await chainWithData(engine);
    const { html } = await page(hq, await cookieFor(hq, 'max'));
    expect(html).toContain('Waiting for a manager');
    expect(html).toContain('€43.21');
    expect(html).toContain('The till could not confirm whether the customer paid.');
    expect(html).toContain('Cash difference');
    expect(html).toContain('-€2.50 short');
    expect(html).toContain('Webhooks no till claims');
    expect(html).toContain('UNKNOWN-POI-1');
    expect(html).toMatch(
      /<form method="post" action="\/tills\/revoke">\s*<input type="hidden" name="tillKey" value="AMS-01\/T-1"/,
    );
  });

  it('lets a manager revoke a till and refuses a viewer with 403, and a post from another origin', async () => {
    const { hq, till } = await chainWithData(engine);
    const revoke = (cookie: string, origin = originOf(hq)) =>
      hq.call('POST', '/tills/revoke', {
        body: 'tillKey=AMS-01%2FT-1',
        headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const viewer = await revoke(await cookieFor(hq, 'vera'));
    expect(viewer.status).toBe(403);
    const manager = await cookieFor(hq, 'max');
    expect((await revoke(manager, 'https://evil.example')).status).toBe(403);
    expect((await hq.push(till.token, [])).status).toBe(200);

    const done = await revoke(manager);
    expect(done.status).toBe(303);
    const refused = await hq.push(till.token, []);
    expect(refused.status).toBe(401);
    await expect(refused.json()).resolves.toMatchObject({ error: 'revoked' });
    expect((await page(hq, manager)).html).toContain('Revoked');
  });

  it('ends a login after twelve hours, and at once when the account is demoted', async () => {
    const { hq } = await chainWithData(engine);
    const cookie = await cookieFor(hq, 'max');
    expect((await page(hq, cookie)).status).toBe(200);
    hq.time.advance(12 * 3_600_000);
    expect((await page(hq, cookie)).status).toBe(303);

    const fresh = await cookieFor(hq, 'max');
    await addAccount(hq.store, { name: 'max', role: 'viewer', password: PASSWORD });
    expect((await page(hq, fresh)).status).toBe(303);
  });

  it('refuses a name after five wrong passwords, even with the right one', async () => {
    const { hq } = await chainWithData(engine);
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await signIn(hq, 'vera', 'wrong password!')).status).toBe(401);
    expect((await signIn(hq, 'vera')).status).toBe(429);
    hq.time.advance(15 * 60_000);
    expect((await signIn(hq, 'vera')).status).toBe(303);
  });

  it('escapes what tills send, and explains dates it cannot read', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    await addAccount(hq.store, { name: 'vera', role: 'viewer', password: PASSWORD });
    const till = await hq.enrol('T-9');
    await hq.push(till.token, [], { printer: { health: 'problem', detail: '<script>alert(1)</script>' } });
    const cookie = await cookieFor(hq, 'vera');
    const { html } = await page(hq, cookie);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    const bad = await page(hq, cookie, '/?from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Dates must be real days');
    const css = await hq.call('GET', '/hq.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('refuses a sign-in posted without HQ’s own Origin', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    await addAccount(hq.store, { name: 'vera', role: 'viewer', password: PASSWORD });
    const response = await hq.call('POST', '/login', {
      body: new URLSearchParams({ name: 'vera', password: PASSWORD }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(403);
  });
});
