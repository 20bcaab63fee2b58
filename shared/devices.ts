import { z } from 'zod';
import { HqSyncViewSchema } from './hq/hq-sync-view.ts';

/** The hardware and services a till depends on, shown in the status bar. */
export const DeviceKindSchema = z.enum(['terminal', 'printer', 'webhook', 'hq']);
export type DeviceKind = z.infer<typeof DeviceKindSchema>;

export const DeviceStateSchema = z.enum([
  /** Reachable and idle. */
  'online',
  /** Reachable and working on something (a payment, a print job). */
  'busy',
  /** Not reachable. */
  'offline',
  /** Not checked yet, or the last check could not tell. */
  'unknown',
  /** This till has no such device set up. */
  'not_configured',
]);
export type DeviceState = z.infer<typeof DeviceStateSchema>;

export const DeviceStatusSchema = z.object({
  id: z.string().min(1),
  kind: DeviceKindSchema,
  /** What the cashier calls it, e.g. "Card terminal". */
  label: z.string().min(1),
  state: DeviceStateSchema,
  /** One plain sentence for the cashier, e.g. "Printer is out of paper: load a new roll." */
  detail: z.string(),
  /** When the state last changed (ISO 8601). */
  since: z.iso.datetime(),
  /**
   * Grows with every change on this till. A snapshot fetched while events are
   * arriving must not overwrite a newer event, so consumers keep the higher one.
   */
  revision: z.number().int().nonnegative(),
  /** Kassa HQ's light only: how the sync stands, for the screen to word (the detail is main's sentence). */
  hq: HqSyncViewSchema.optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;
