import { euro, openTill, pick, PRODUCTS, receiptOnScreen, snap, type CashierScreen } from '../fixtures/cashier.ts';
import { expect, test } from '../fixtures/mail-till.ts';
import { TILL_SCREENS } from '../fixtures/till-screens.ts';

/**
 * Receipts by e-mail, in browser mode: a till of the test's own sends to a
 * real SMTP server on loopback, and the test reads what arrived. The cashier
 * types the address on the receipt screen (or in F6), presses Send and reads
 * what came of it; a mail server that is down is said in plain words, and
 * Send again sends it once the server is back.
 */

test.describe.configure({ mode: 'parallel' });

const ADDRESS = 'customer@example.com';
/** Sells a loaf of white bread for the exact cash: the finished sale's receipt number. */
async function sellBread(screen: CashierScreen): Promise<string> {
  await pick(screen, PRODUCTS.whiteBread);
  await screen.page.keyboard.press('F9');
  await screen.cashDialog
    .getByRole('group', { name: 'Quick amounts' })
    .getByRole('button', { name: euro(PRODUCTS.whiteBread.priceMinor), exact: true })
    .click();
  await expect(screen.receipt).toBeVisible();
  return (await receiptOnScreen(screen)).receiptNumber;
}

function emailForm(screen: CashierScreen, where = screen.receipt) {
  const form = where.getByRole('form', { name: 'E-mail the receipt' });
  return {
    open: where.getByRole('button', { name: 'E-mail receipt' }),
    form,
    address: form.getByRole('textbox', { name: 'Customer’s e-mail address' }),
    send: form.getByRole('button', { name: /^Send/ }),
  };
}

for (const viewport of TILL_SCREENS) {
  test.describe(`at ${String(viewport.width)}×${String(viewport.height)}`, () => {
    test.use({ viewport });

    test('the cashier e-mails the receipt after a sale and the customer gets it as printed', async ({
      page,
      mailTill,
    }, testInfo) => {
      const screen = await openTill(page, mailTill.till);
      const receiptNumber = await sellBread(screen);
      const email = emailForm(screen);

      await email.open.click();
      await expect(email.address).toBeFocused();
      await page.keyboard.type(ADDRESS);
      await snap(page, testInfo, `email-receipt-typed-${String(viewport.width)}`);
      await email.send.click();

      await expect(email.form.getByRole('status')).toHaveText(`Receipt sent to ${ADDRESS}.`);
      const mail = await mailTill.smtp.next();
      expect(mail.to).toEqual([ADDRESS]);
      expect(mail.from).toBe('receipts@corner-shop.example');
      expect(mail.subject).toBe(`Your receipt ${receiptNumber} from E2E Corner Shop`);
      expect(mail.text).toContain(PRODUCTS.whiteBread.name);
      expect(mail.text).toContain(`Receipt ${receiptNumber}`);
      await snap(page, testInfo, `email-receipt-sent-${String(viewport.width)}`);
      await email.form.getByRole('button', { name: 'Done' }).click();
      await expect(email.open).toBeFocused();
    });
  });
}

test.describe('when things go wrong', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('a wrong address is refused at once, a mail server that is down is said plainly, and Send again sends it once it is back', async ({
    page,
    mailTill,
  }, testInfo) => {
    const screen = await openTill(page, mailTill.till);
    const receiptNumber = await sellBread(screen);
    const email = emailForm(screen);
    await email.open.click();

    await email.address.fill('customer@');
    await email.send.click();
    await expect(email.form.getByRole('alert')).toHaveText(
      'That is not a whole e-mail address. Check it with the customer: it looks like name@example.com.',
    );
    await expect(email.address).toHaveAttribute('aria-invalid', 'true');

    await mailTill.stopSmtp();
    await email.address.fill(ADDRESS);
    await email.send.click();
    await expect(email.form.getByRole('alert')).toHaveText(
      'Receipt not sent. The till could not reach the mail server. Try Send again in a minute, or print the receipt. The till also tries again when it starts.',
    );
    await snap(page, testInfo, 'email-receipt-server-down');

    const smtp = await mailTill.startSmtp();
    await email.form.getByRole('button', { name: 'Send again' }).click();
    await expect(email.form.getByRole('status')).toHaveText(`Receipt sent to ${ADDRESS}.`);
    const mail = await smtp.next();
    expect(mail.to).toEqual([ADDRESS]);
    expect(mail.subject).toBe(`Your receipt ${receiptNumber} from E2E Corner Shop`);
  });

  test('any receipt can be e-mailed from F6', async ({ page, mailTill }, testInfo) => {
    const screen = await openTill(page, mailTill.till);
    const receiptNumber = await sellBread(screen);
    await page.keyboard.press('F10');

    await page.keyboard.press('F6');
    const panel = page.getByRole('dialog', { name: 'Receipts and cash drawer' });
    await panel.getByRole('textbox', { name: 'Receipt number' }).fill(receiptNumber);
    await panel.getByRole('button', { name: 'Show' }).click();
    const email = emailForm(screen, panel);
    await email.open.click();
    await email.address.fill(ADDRESS);
    await email.send.click();

    await expect(email.form.getByRole('status')).toHaveText(`Receipt sent to ${ADDRESS}.`);
    expect((await mailTill.smtp.next()).subject).toBe(`Your receipt ${receiptNumber} from E2E Corner Shop`);
    await snap(page, testInfo, 'email-receipt-f6');
  });
});
