/**
 * The names of the contract's channels, kept free of zod so the sandboxed
 * preload can build its bridge from this list without bundling the schemas.
 * `contract.ts` is checked against this list by the compiler.
 */
export const CHANNELS = [
  'till.getInfo',
  'devices.list',
  'diagnostics.reportRendererError',
  'payments.start',
  'payments.get',
  'payments.abort',
  'payments.checkStatus',
  'payments.printLink',
  'payments.emailLink',
  'payments.resolve',
  'payments.unsettled',
  'catalog.get',
  'sales.current',
  'sales.addItem',
  'sales.addOpenItem',
  'sales.setQuantity',
  'sales.removeLine',
  'sales.setDiscount',
  'sales.overridePrice',
  'sales.payCash',
  'sales.complete',
  'sales.get',
  'sales.park',
  'sales.parked',
  'sales.recall',
  'sales.void',
  'receipts.preview',
  'receipts.reprint',
  'receipts.jobs',
  'receipts.email',
  'printer.retry',
  'drawer.open',
  'staff.list',
  'staff.session',
  'staff.login',
  'staff.lock',
  'staff.activity',
  'journal.search',
  'journal.sale',
  'refunds.start',
  'refunds.startUnreferenced',
  'refunds.findOnline',
  'refunds.startOnline',
  'refunds.get',
  'refunds.open',
  'refunds.retry',
  'refunds.cancel',
  'deposits.take',
  'deposits.list',
  'deposits.get',
  'deposits.capture',
  'deposits.release',
  'day.current',
  'day.open',
  'day.cashMove',
  'day.xReport',
  'day.close',
  'day.reprintZ',
] as const;

export type Channel = (typeof CHANNELS)[number];

const channelSet: ReadonlySet<string> = new Set(CHANNELS);

export function isChannel(name: string): name is Channel {
  return channelSet.has(name);
}

/** Electron IPC channel for a contract channel; the prefix keeps ours apart from anything else. */
export function ipcChannelName(channel: Channel): `kassa:${Channel}` {
  return `kassa:${channel}`;
}

/** The one Electron IPC channel that carries events from main to the renderer. */
export const EVENT_CHANNEL = 'kassa:event';
