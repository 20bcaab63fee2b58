import { z } from 'zod';
import { TillModeSchema } from '../config/schema.ts';
import { DeviceStatusSchema } from '../devices.ts';
import { CurrencyCodeSchema } from '../money.ts';
import type { Result } from '../result.ts';
import type { Channel } from './channels.ts';
import type { MainEvent } from './events.ts';

/**
 * The IPC contract: every call the renderer can make into main, with the exact
 * shape of its request and response. Main validates each request before a
 * handler runs and each response before it leaves, so a handler can trust its
 * input and the renderer can trust its output.
 *
 * Schemas here describe plain data only (no transforms), so a value parses to
 * itself and can cross any transport unchanged.
 */

export interface ChannelSchemas {
  request: z.ZodType;
  response: z.ZodType;
}

const NoParams = z.object({}).strict();

export const TillInfoSchema = z.object({
  storeName: z.string(),
  addressLines: z.array(z.string()),
  tillId: z.string(),
  tillName: z.string(),
  mode: TillModeSchema,
  locale: z.string(),
  currency: CurrencyCodeSchema,
  version: z.string(),
  startedAt: z.iso.datetime(),
});
export type TillInfo = z.infer<typeof TillInfoSchema>;

export const RendererErrorReportSchema = z
  .object({
    /** Where in the UI it happened, e.g. "window.onerror" or "TillShell". */
    where: z.string().min(1).max(200),
    message: z.string().min(1).max(2_000),
    stack: z.string().max(20_000).optional(),
  })
  .strict();

export const contract = {
  /** Who this till is: store, till, mode, locale, currency, version. */
  'till.getInfo': { request: NoParams, response: TillInfoSchema },
  /** The current status of every device, for the status bar. Changes arrive as `device.status` events. */
  'devices.list': { request: NoParams, response: z.array(DeviceStatusSchema) },
  /** The renderer reports an error it could not handle, so it lands in the till's log for IT. */
  'diagnostics.reportRendererError': {
    request: RendererErrorReportSchema,
    response: z.object({ recorded: z.literal(true) }),
  },
} as const satisfies Record<Channel, ChannelSchemas>;

export type Contract = typeof contract;
export type ChannelRequest<C extends Channel> = z.input<Contract[C]['request']>;
export type ChannelResponse<C extends Channel> = z.output<Contract[C]['response']>;

/** One function per channel, as the renderer sees it. */
export type KassaApi = {
  [C in Channel]: (request: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>>;
};

/** What the preload exposes as `window.kassa`, and what browser mode imitates over HTTP. */
export interface KassaBridge {
  api: KassaApi;
  /** Calls `listener` for every event from main; returns the function that stops it. */
  onEvent(listener: (event: MainEvent) => void): () => void;
}
