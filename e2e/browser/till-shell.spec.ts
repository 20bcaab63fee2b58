import type { Page } from '@playwright/test';
import { ResultEnvelopeSchema } from '../../shared/result-schema.ts';
import { expect, test } from '../fixtures/browser-mode.ts';
import { E2E_TILL } from '../fixtures/till-config.ts';

async function expectShellFromMain(page: Page) {
  await expect(page.getByRole('heading', { level: 1, name: E2E_TILL.store.name })).toBeVisible();
  await expect(page.getByRole('banner').getByText(E2E_TILL.till.name, { exact: true })).toBeVisible();
  await expect(page.getByText('Demo: no real payments')).toBeVisible();
}

test('the till shell shows what main says about this till', async ({ page, till }) => {
  const infoCall = page.waitForResponse((response) => response.url().endsWith('/api/call/till.getInfo'));
  await page.goto(till.url);

  // The contract call went through the page's HTTP bridge and came back as a Result.
  const response = await infoCall;
  expect(response.status()).toBe(200);
  const body = ResultEnvelopeSchema.parse(await response.json());
  expect(body).toMatchObject({ ok: true, value: { storeName: E2E_TILL.store.name, tillId: E2E_TILL.till.id } });

  await expectShellFromMain(page);

  const devices = page.getByRole('list', { name: 'Devices' });
  const device = (label: string) => devices.getByRole('listitem').filter({ hasText: label });
  // Main asked the terminal (the worker's simulator, over HTTP) whether it is online.
  await expect(device('Card terminal')).toContainText('Ready');
  // A sync card terminal needs no listener, but the demo's online gateway posts link results to one.
  await expect(device('Result listener')).toContainText('Ready');
  // Main asked the receipt printer (the worker's fake printer, over TCP) how it is: ready, paper in.
  await expect(device('Receipt printer')).toContainText('Ready');
  await expect(device('Receipt printer')).toHaveAttribute('title', 'Printer is ready.');

  // The till's details are one button away, in a dialog.
  await page.getByRole('button', { name: 'About this till' }).click();
  const about = page.getByRole('dialog', { name: 'About this till' });
  await expect(about.getByText(`${E2E_TILL.till.name} (${E2E_TILL.till.id})`)).toBeVisible();
  await expect(about.getByText(E2E_TILL.currency, { exact: true })).toBeVisible();
  await expect(about.getByRole('listitem').filter({ hasText: 'Result listener:' })).toContainText(
    'Listening for card results at http://127.0.0.1:',
  );
  await about.getByRole('button', { name: 'Close' }).click();
  await expect(about).toHaveCount(0);

  // The token is taken out of the address bar once the page has it.
  expect(page.url()).not.toContain('token=');
});

test('a reload keeps the tab connected without the token in the address', async ({ page, till }) => {
  await page.goto(till.url);
  await expectShellFromMain(page);
  await page.reload();
  expect(page.url()).not.toContain('token=');
  await expectShellFromMain(page);
  // No connection notice: the page is connected (the sale screen's own status lines are not that notice).
  await expect(page.getByText(/Connecting to the till|Lost contact with the till|refused this page/)).toHaveCount(0);
});

test('without the access link the page says what to do', async ({ page, till }) => {
  await page.goto(till.origin);
  await expect(page.getByRole('alert')).toContainText("needs the till's access link");
  await expect(page.getByRole('heading', { name: E2E_TILL.store.name })).toHaveCount(0);
});

test('browser mode refuses a request without the token', async ({ request, till }) => {
  const response = await request.post(`${till.origin}/api/call/till.getInfo`, { data: {} });
  expect(response.status()).toBe(401);
  expect(await response.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });

  const events = await request.get(`${till.origin}/api/events`, { headers: { authorization: 'Bearer wrong' } });
  expect(events.status()).toBe(401);
});

test('browser mode refuses a request from another origin, even with the token', async ({ request, till }) => {
  const response = await request.post(`${till.origin}/api/call/till.getInfo`, {
    data: {},
    headers: { authorization: `Bearer ${till.token}`, origin: 'http://shop.example' },
  });
  expect(response.status()).toBe(403);
  expect(await response.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

test('an invalid payload gets a typed BAD_REQUEST over HTTP', async ({ request, till }) => {
  const response = await request.post(`${till.origin}/api/call/diagnostics.reportRendererError`, {
    data: { where: 'e2e', message: '' },
    headers: { authorization: `Bearer ${till.token}` },
  });
  expect(response.status()).toBe(400);
  expect(await response.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
});
