import type { PrinterConfig } from '../../shared/config/schema.ts';
import type { DrawerResult, PrintJobView } from '../../shared/printing/print-job.ts';
import type { Clock } from '../clock.ts';
import type { DeviceStatusBoard } from '../devices/device-status-board.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { Logger } from '../logging/logger.ts';
import { printJobView, type PrintJob, type PrintQueue } from './print-queue.ts';
import type { PrinterStatus } from './printer-status.ts';
import { printerWords, type PrinterWords } from './printer-words.ts';
import type { Receipts } from './receipts.ts';
import { drawerKickBytes, renderEscPos, renderSvg, type PaperFormat } from './render-receipt.ts';
import { PrintProblem, type PrinterTransport } from './transports/transport.ts';

/**
 * Works through the print queue, one job at a time and in order, and keeps
 * the status bar true about the printer. A job the printer does not take
 * stays queued; the till tries again after a pause that grows with each
 * failure (2 s, 4 s, … 30 s), and every try starts by asking the printer how
 * it is, so a printer that is back is noticed at the next try. Jobs, drawer
 * kicks and status checks take turns: a network printer serves one
 * connection at a time.
 */

export const PRINTER_DEVICE_ID = 'printer';

export interface PrinterTiming {
  /** The pause after the first failure; it doubles up to `maxRetryMs`. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** How often an idle printer with a back channel is asked how it is. */
  idlePollMs: number;
}

const DEFAULT_TIMING: PrinterTiming = { firstRetryMs: 2_000, maxRetryMs: 30_000, idlePollMs: 30_000 };

/** The pause before the next try after `failures` failures in a row: doubling from the first, up to the cap. */
export function retryPause(failures: number, timing: Pick<PrinterTiming, 'firstRetryMs' | 'maxRetryMs'>): number {
  return Math.min(timing.maxRetryMs, timing.firstRetryMs * 2 ** Math.max(0, failures - 1));
}

export interface PrinterService {
  readonly description: string;
  /** A job was queued (by the sale book, in the sale's transaction): print it when the printer's turn comes. */
  wake(): void;
  /** Forget the pause after a failure and try now: the cashier fixed the printer. */
  retryNow(): void;
  /** Queues a copy of a receipt. */
  reprint(receiptNumber: string): PrintJobView;
  /** Opens the cash drawer now, or says why not. Never queued: a drawer springing open later is worse. */
  kickDrawer(): Promise<DrawerResult>;
  job(id: number): PrintJobView | undefined;
  jobsForReceipt(receiptNumber: string): PrintJobView[];
  waiting(): PrintJobView[];
  /** Asks the printer how it is, now. */
  checkStatus(): Promise<PrinterStatus>;
  /** Resolves when the queue has nothing more it can print now (tests, `kassa print-test`). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface PrinterServiceOptions {
  printer: PrinterConfig;
  transport: PrinterTransport;
  queue: PrintQueue;
  receipts: Receipts;
  format: PaperFormat;
  devices: DeviceStatusBoard;
  events: EventHub;
  logger: Logger;
  clock: Clock;
  timing?: Partial<PrinterTiming>;
  /** What the cashier reads about the printer, in the till's language; English when absent. */
  words?: PrinterWords;
}

export function startPrinterService(options: PrinterServiceOptions): PrinterService {
  const { printer, transport, queue, receipts, format, devices, events, logger, clock } = options;
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const words = options.words ?? printerWords;
  let failures = 0;
  let retryAt = 0;
  let status: PrinterStatus = { condition: 'unknown', paperLow: false };
  /** Until a printer with a back channel has answered once, the status bar keeps saying "Checking". */
  let heardFrom = !transport.hasStatus;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let draining: Promise<void> | undefined;
  /** Every conversation with the printer, one after another. */
  let turn: Promise<unknown> = Promise.resolve();

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const mine = turn.then(work, work);
    turn = mine.catch(() => undefined);
    return mine;
  }

  const publish = (job: PrintJob) => {
    events.publish({ type: 'print.job', job: printJobView(job) });
  };

  function showStatus(): void {
    if (!heardFrom) return;
    const waiting = queue.waiting().length;
    const queued = waiting === 0 ? '' : ` ${words.waiting(waiting)}`;
    const low = status.paperLow ? ` ${words.paperLow}` : '';
    if (status.condition === 'ready' || (status.condition === 'unknown' && failures === 0)) {
      const detail = status.condition === 'ready' ? words.conditions.ready : words.printingTo(transport.description);
      devices.update(PRINTER_DEVICE_ID, waiting === 0 ? 'online' : 'busy', `${detail}${low}${queued}`);
    } else {
      devices.update(PRINTER_DEVICE_ID, 'offline', `${words.conditions[status.condition]}${low}${queued}`);
    }
  }

  function payload(job: PrintJob) {
    const document = receipts.documentFor(job);
    return { escpos: () => renderEscPos(document, format), svg: () => renderSvg(document, format) };
  }

  async function printOne(job: PrintJob): Promise<boolean> {
    publish(queue.markPrinting(job.id));
    try {
      await exclusive(() => transport.print(payload(job)));
    } catch (error) {
      heardFrom = true;
      const problem =
        error instanceof PrintProblem
          ? error
          : new PrintProblem('offline', error instanceof Error ? error.message : String(error));
      failures += 1;
      retryAt = clock.now().getTime() + retryPause(failures, timing);
      status = { condition: problem.condition === 'ready' ? 'offline' : problem.condition, paperLow: problem.paperLow };
      publish(queue.retryLater(job.id, words.conditions[status.condition], new Date(retryAt).toISOString()));
      logger.warn('printer.job_not_printed', {
        jobId: job.id,
        title: job.title,
        condition: status.condition,
        detail: problem.message,
      });
      return false;
    }
    failures = 0;
    heardFrom = true;
    status = { condition: transport.hasStatus ? 'ready' : 'unknown', paperLow: status.paperLow };
    publish(queue.markPrinted(job.id, clock.now().toISOString()));
    logger.info('printer.job_printed', { jobId: job.id, title: job.title, tries: job.tries + 1 });
    return true;
  }

  async function drain(): Promise<void> {
    while (!closed && clock.now().getTime() >= retryAt) {
      const job = queue.next();
      if (job === undefined) break;
      const printed = await printOne(job);
      showStatus();
      if (!printed) break;
    }
  }

  /** Runs the queue now unless it is already running; then sets the timer for what comes next. */
  function run(): Promise<void> {
    if (closed) return Promise.resolve();
    draining ??= drain()
      .catch((error: unknown) => {
        logger.error('printer.queue_failed', { error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        draining = undefined;
        schedule();
      });
    return draining;
  }

  function schedule(): void {
    clearTimeout(timer);
    if (closed) return;
    if (queue.next() !== undefined) {
      timer = setTimeout(() => void run(), Math.max(0, retryAt - clock.now().getTime()));
    } else if (transport.hasStatus) {
      timer = setTimeout(() => void checkStatus(), timing.idlePollMs);
    }
    timer?.unref();
  }

  async function checkStatus(): Promise<PrinterStatus> {
    try {
      status = await exclusive(() => transport.status());
    } catch (error) {
      // Transports answer trouble as a status; anything else is a fault in the till, logged, never thrown at a timer.
      logger.error('printer.status_failed', { error: error instanceof Error ? error.message : String(error) });
      status = { condition: 'unknown', paperLow: false };
    }
    heardFrom = true;
    showStatus();
    // A printer that is ready again is given its waiting jobs at once.
    if (status.condition === 'ready' && failures > 0) {
      failures = 0;
      retryAt = 0;
    }
    if (closed) return status;
    if (draining === undefined) schedule();
    return status;
  }

  const interrupted = queue.requeueInterrupted();
  if (interrupted > 0) logger.warn('printer.jobs_requeued', { count: interrupted });
  showStatus();
  void run();
  // Ask at once how the printer is, rather than at the first idle poll.
  if (transport.hasStatus) void checkStatus();

  return {
    description: transport.description,

    wake() {
      showStatus();
      void run();
    },

    retryNow() {
      failures = 0;
      retryAt = 0;
      void run();
    },

    reprint(receiptNumber) {
      const found = receipts.find(receiptNumber); // refuses an unknown receipt before anything is queued
      const at = clock.now().toISOString();
      // A sale's copy is rebuilt from its record when it prints; a refund's is written now, as refunds print.
      const job =
        found.kind === 'sale'
          ? queue.enqueueReceipt(found.receiptNumber, 'copy', at)
          : queue.enqueueDocument(`refund ${found.receiptNumber} copy`, receipts.documentOf(found, { copy: true }), at);
      publish(job);
      this.wake();
      return printJobView(job);
    },

    async kickDrawer() {
      const drawer = printer.drawer;
      if (drawer === undefined || !transport.speaksEscPos) return { drawer: 'none' };
      try {
        await exclusive(() => transport.sendRaw(drawerKickBytes(drawer)));
        logger.info('printer.drawer_kicked', { pin: drawer.pin });
        return { drawer: 'opened' };
      } catch (error) {
        const condition = error instanceof PrintProblem ? error.condition : 'offline';
        heardFrom = true;
        status = { condition, paperLow: error instanceof PrintProblem ? error.paperLow : false };
        showStatus();
        logger.warn('printer.drawer_not_kicked', { condition });
        return {
          drawer: 'failed',
          problem: words.drawerFailed(words.conditions[condition]),
        };
      }
    },

    job(id) {
      const job = queue.job(id);
      return job === undefined ? undefined : printJobView(job);
    },

    jobsForReceipt: (receiptNumber) => queue.jobsForReceipt(receiptNumber).map(printJobView),

    waiting: () => queue.waiting().map(printJobView),

    checkStatus,

    async settled() {
      while (draining !== undefined) await draining;
      await turn;
    },

    async close() {
      closed = true;
      clearTimeout(timer);
      await draining;
      await turn;
    },
  };
}
