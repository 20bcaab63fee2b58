import type { Language } from '../../shared/config/schema.ts';
import type { Contract } from '../../shared/ipc/contract.ts';
import type { Channel } from '../../shared/ipc/channels.ts';
import type { Handlers } from '../ipc/router.ts';
import type { ManagerApproval, StaffMember } from '../../shared/staff/staff.ts';
import type { StaffService } from './staff-service.ts';

/**
 * Who may make each call, in one table the compiler keeps complete: a new
 * channel does not build until it is given a rule here.
 * - `open`: anyone at the till, logged in or not: only what the lock screen
 *   and the status bar need. Nothing of a sale or a card (amounts, last four
 *   digits, approval codes) is open: a locked till shows none of it;
 * - `operator`: someone logged in (anything that moves money or paper);
 * - `manager`: a manager logged in, or a cashier with a manager's approval
 *   (name and PIN) sent along, for the calls in APPROVABLE.
 * On a till without staff set up, every call is open.
 */
export type ChannelAccess = 'open' | 'operator' | 'manager';

export const CHANNEL_ACCESS: Readonly<Record<Channel, ChannelAccess>> = {
  'till.getInfo': 'open',
  'devices.list': 'open',
  'diagnostics.reportRendererError': 'open',
  'payments.start': 'operator',
  'payments.get': 'operator',
  'payments.abort': 'operator',
  'payments.checkStatus': 'operator',
  'payments.printLink': 'operator',
  'payments.emailLink': 'operator',
  // A manager settles it: the one logged in, or one who types their PIN at the till; checked in its handler.
  'payments.resolve': 'operator',
  'payments.unsettled': 'operator',
  'catalog.get': 'open',
  'sales.current': 'operator',
  'sales.addItem': 'operator',
  'sales.addOpenItem': 'operator',
  'sales.setQuantity': 'operator',
  'sales.removeLine': 'operator',
  'sales.setDiscount': 'operator',
  'sales.overridePrice': 'operator',
  'sales.payCash': 'operator',
  'sales.complete': 'operator',
  'sales.get': 'operator',
  'sales.park': 'operator',
  'sales.parked': 'operator',
  'sales.recall': 'operator',
  'sales.void': 'operator',
  'receipts.preview': 'operator',
  'receipts.reprint': 'operator',
  'receipts.jobs': 'operator',
  'receipts.email': 'operator',
  'printer.retry': 'operator',
  'drawer.open': 'manager',
  'staff.list': 'open',
  'staff.session': 'open',
  'staff.login': 'open',
  'staff.lock': 'open',
  'staff.activity': 'operator',
  'journal.search': 'operator',
  'journal.sale': 'operator',
  'refunds.start': 'manager',
  'refunds.startUnreferenced': 'manager',
  'refunds.findOnline': 'manager',
  'refunds.startOnline': 'manager',
  // Whoever started a refund (a cashier, with a manager's approval) follows it to its end.
  'refunds.get': 'operator',
  'refunds.open': 'manager',
  'refunds.retry': 'manager',
  'refunds.cancel': 'manager',
  // A cashier takes a deposit and follows it; the list, and taking or giving back the money held, a manager.
  'deposits.take': 'operator',
  'deposits.get': 'operator',
  'deposits.list': 'manager',
  'deposits.capture': 'manager',
  'deposits.release': 'manager',
  'day.current': 'operator',
  'day.open': 'operator',
  'day.cashMove': 'manager',
  'day.xReport': 'manager',
  'day.close': 'manager',
  'day.reprintZ': 'manager',
};

/**
 * What the refusal says a manager is needed for, fitting "Only a manager can
 * …" (`staffWords.onlyManager`, `needsApproval`). A channel not named here is
 * refused with the staff words' `doThis`.
 */
export const MANAGER_WORDS = {
  'drawer.open': 'open the cash drawer without a sale',
  'refunds.start': 'give money back',
  'refunds.startUnreferenced': 'give money back without a sale',
  'refunds.findOnline': 'refund an online payment',
  'refunds.startOnline': 'refund an online payment',
  'refunds.get': 'give money back',
  'refunds.open': 'give money back',
  'refunds.retry': 'give money back',
  'refunds.cancel': 'give money back',
  'deposits.list': 'see the open deposits',
  'deposits.capture': 'take a deposit’s money',
  'deposits.release': 'give a deposit back',
  'day.cashMove': 'put cash in or take it out of the drawer',
  'day.xReport': "see the day's figures",
  'day.close': 'close the till day',
  'day.reprintZ': 'print a Z report again',
} as const satisfies Partial<Record<Channel, string>>;

/** A translation of MANAGER_WORDS: every channel it names, no other. */
export type ManagerWords = Readonly<Record<keyof typeof MANAGER_WORDS, string>>;

/** The same in Dutch, each ending in its verb, fitting "Alleen een manager kan …" (`staffWordsNl`). */
export const MANAGER_WORDS_NL = {
  'drawer.open': 'de kassalade openen zonder verkoop',
  'refunds.start': 'geld teruggeven',
  'refunds.startUnreferenced': 'geld teruggeven zonder bon',
  'refunds.findOnline': 'een online betaling terugbetalen',
  'refunds.startOnline': 'een online betaling terugbetalen',
  'refunds.get': 'geld teruggeven',
  'refunds.open': 'geld teruggeven',
  'refunds.retry': 'geld teruggeven',
  'refunds.cancel': 'geld teruggeven',
  'deposits.list': 'de open aanbetalingen bekijken',
  'deposits.capture': 'het geld van een aanbetaling afschrijven',
  'deposits.release': 'een aanbetaling vrijgeven',
  'day.cashMove': 'geld in de lade leggen of eruit halen',
  'day.xReport': 'de cijfers van de dag bekijken',
  'day.close': 'de kassadag afsluiten',
  'day.reprintZ': 'een Z-rapport opnieuw afdrukken',
} satisfies ManagerWords;

/** What a manager is needed for, in the till's configured language. */
export function managerWordsFor(language: Language): ManagerWords {
  switch (language) {
    case 'en':
      return MANAGER_WORDS;
    case 'nl':
      return MANAGER_WORDS_NL;
  }
}

/**
 * The manager's calls a cashier may make with a manager's approval sent along
 * (`approval` in the request): main refuses them with APPROVAL_REQUIRED, the
 * screen asks a manager for their PIN and sends the same request again. Each
 * request schema has the optional `approval`; the handler never sees it.
 * `payments.resolve` is not here: a manager settles a payment in person.
 */
export const APPROVABLE: ReadonlySet<Channel> = new Set<Channel>([
  'drawer.open',
  'refunds.start',
  'refunds.startUnreferenced',
  'refunds.findOnline',
  'refunds.startOnline',
  'refunds.retry',
  'refunds.cancel',
  'deposits.capture',
  'deposits.release',
  'day.cashMove',
  'day.xReport',
  'day.close',
  'day.reprintZ',
]);

/** Writes down that `manager` approved `channel` for the cashier at the till (the audit log). */
export type ApprovalRecorder = (approved: { channel: Channel; what: string; manager: StaffMember }) => void;

/**
 * Every handler behind its rule: the check runs in main before the handler,
 * whatever the UI shows. `managerWords` name what a manager is needed for, in
 * the language of the staff service's words; English when absent.
 */
export function guardHandlers(
  handlers: Handlers<Contract>,
  staff: StaffService,
  recordApproval?: ApprovalRecorder,
  managerWords: ManagerWords = MANAGER_WORDS,
): Handlers<Contract> {
  const named: Partial<Record<Channel, string>> = managerWords;
  const guarded: Partial<Record<Channel, unknown>> = {};
  for (const channel of Object.keys(handlers) as Channel[]) {
    const access = CHANNEL_ACCESS[channel];
    const handle = handlers[channel] as (request: unknown, context: unknown) => unknown;
    const what = named[channel] ?? staff.words.doThis;
    guarded[channel] =
      access === 'open'
        ? handle
        : access === 'manager' && APPROVABLE.has(channel)
          ? async (request: unknown, context: unknown) => {
              const { approval, ...rest } = request as { approval?: ManagerApproval };
              const manager = await staff.allow(what, approval);
              if (manager !== undefined) recordApproval?.({ channel, what, manager });
              return handle(rest, context);
            }
          : (request: unknown, context: unknown) => {
              staff.require(access === 'manager' ? 'manager' : undefined, what);
              return handle(request, context);
            };
  }
  return guarded as Handlers<Contract>;
}
