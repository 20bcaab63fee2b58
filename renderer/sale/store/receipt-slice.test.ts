import { afterEach, describe, expect, it } from 'vitest';
import type { PrintJobView } from '../../../shared/printing/print-job.ts';
import type { CompletedSale } from '../../../shared/sale/completed-sale.ts';
import { useSaleStore } from '../sale-store.ts';
import { NOTHING_ON_SCREEN } from './screen-slice.ts';

/** The finished sale's print jobs, as events and answers about them arrive in any order. */

const job = (jobId: number, status: PrintJobView['status'], tries: number, receiptNumber = 'T-9-1'): PrintJobView => ({
  jobId,
  kind: 'receipt',
  receiptNumber,
  status,
  tries,
  createdAt: '2026-01-01T10:00:00.000Z',
});

/** Only its receipt number matters here. */
const finished = { receiptNumber: 'T-9-1' } as CompletedSale;

afterEach(() => {
  useSaleStore.setState(NOTHING_ON_SCREEN);
});

describe('the finished sale’s print jobs', () => {
  it('keeps the jobs of the sale on screen only, in the order they were made', () => {
    useSaleStore.setState({ completed: finished, panel: 'receipt' });
    const store = useSaleStore.getState();
    store.trackPrintJob(job(2, 'queued', 0));
    store.trackPrintJob(job(1, 'queued', 0));
    store.trackPrintJob(job(3, 'queued', 0, 'T-9-2'));
    store.trackPrintJob({ ...job(4, 'queued', 0), receiptNumber: undefined });
    expect(useSaleStore.getState().receiptJobs.map((known) => known.jobId)).toEqual([1, 2]);
  });

  it('never goes back to an earlier moment of a job’s life', () => {
    useSaleStore.setState({ completed: finished, panel: 'receipt' });
    const store = useSaleStore.getState();
    store.trackPrintJob(job(1, 'printed', 1));
    store.trackPrintJob(job(1, 'printing', 1));
    store.trackPrintJob(job(1, 'queued', 0));
    expect(useSaleStore.getState().receiptJobs).toEqual([job(1, 'printed', 1)]);
    store.trackPrintJob(job(1, 'printing', 2));
    expect(useSaleStore.getState().receiptJobs).toEqual([job(1, 'printing', 2)]);
  });

  it('goes on to the next sale only from the receipt', () => {
    useSaleStore.setState({ completed: finished, panel: 'journal' });
    useSaleStore.getState().newSale();
    expect(useSaleStore.getState().completed).toBe(finished);
    useSaleStore.setState({ panel: 'receipt' });
    useSaleStore.getState().newSale();
    expect(useSaleStore.getState()).toMatchObject({ completed: undefined, panel: 'none', receiptJobs: [] });
  });
});
