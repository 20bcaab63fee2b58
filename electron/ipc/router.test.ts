import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS } from '../../shared/ipc/channels.ts';
import { contract } from '../../shared/ipc/contract.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { TillError } from '../till-error.ts';
import { ipcWordsNl, type IpcWords } from './ipc-words.ts';
import { createRouter, type Router } from './router.ts';

const testContract = {
  'orders.add': {
    request: z.object({ sku: z.string().min(1), quantity: z.number().int().positive() }).strict(),
    response: z.object({ lines: z.number().int() }),
  },
  'orders.explode': { request: z.object({}).strict(), response: z.object({}) },
  'orders.refuse': { request: z.object({}).strict(), response: z.object({}) },
  'orders.lie': { request: z.object({}).strict(), response: z.object({ lines: z.number() }) },
};

function makeRouter(words?: IpcWords) {
  const logger = createMemoryLogger();
  let lines = 0;
  const router = createRouter(
    testContract,
    {
      'orders.add': ({ quantity }) => ({ lines: (lines += quantity) }),
      'orders.explode': () => {
        throw new Error('database on fire: secret=hunter2');
      },
      'orders.refuse': () => {
        throw new TillError('CONFLICT', 'The terminal is busy with another payment.');
      },
      // A handler that breaks the contract: the renderer must never see it.
      'orders.lie': () => ({ lines: 'many' }) as unknown as { lines: number },
    },
    logger,
    words,
  );
  return { router, logger };
}

const ctx = { transport: 'in-process' } as const;

describe('createRouter', () => {
  it('runs the handler with the validated request and returns its value as ok', async () => {
    const { router } = makeRouter();
    await expect(router.call('orders.add', { sku: 'A-1', quantity: 2 }, ctx)).resolves.toEqual({
      ok: true,
      value: { lines: 2 },
    });
  });

  it.each([
    ['a missing field', { sku: 'A-1' }],
    ['a wrong type', { sku: 'A-1', quantity: 'two' }],
    ['an unknown key', { sku: 'A-1', quantity: 1, price: 0 }],
    ['no payload at all', undefined],
    ['a non-object', 'A-1'],
  ])('answers %s with a typed BAD_REQUEST naming the field, without calling the handler', async (_what, payload) => {
    const { router } = makeRouter();
    const result = await router.call('orders.add', payload, ctx);
    expect(result).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) as string } });
    // The handler did not run: the next valid call still starts from zero lines.
    await expect(router.call('orders.add', { sku: 'A-1', quantity: 1 }, ctx)).resolves.toEqual({
      ok: true,
      value: { lines: 1 },
    });
  });

  it('tells the person at the till what to do in plain words, and logs the channel and the field under its reference', async () => {
    const { router, logger } = makeRouter();
    const result = await router.call('orders.add', { sku: 'A-1', quantity: -1 }, ctx);
    const message = !result.ok ? result.error.message : '';
    const reference = /reference (\w+)/.exec(message)?.[1] ?? 'none';
    expect(message).toBe(
      `The till could not take that request from the screen (reference ${reference}). Try again; if it keeps happening, reload the screen and tell IT the reference.`,
    );
    expect(message).not.toContain('orders.add');
    expect(message).not.toContain('quantity');
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'ipc.bad_request',
        channel: 'orders.add',
        reference,
        issues: expect.stringContaining('quantity') as string,
      }),
    );
  });

  it('turns a handler exception into a typed INTERNAL error with a reference that is in the log', async () => {
    const { router, logger } = makeRouter();
    const result = await router.call('orders.explode', {}, ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INTERNAL');
    expect(result.error.message).not.toContain('database on fire');
    const reference = /reference (\w+)/.exec(result.error.message)?.[1];
    expect(reference).toBeDefined();
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'ipc.handler_failed', channel: 'orders.explode', reference }),
    );
  });

  it('passes a TillError through with its own code and words', async () => {
    const { router } = makeRouter();
    await expect(router.call('orders.refuse', {}, ctx)).resolves.toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'The terminal is busy with another payment.' },
    });
  });

  it('refuses to return a response that breaks the contract', async () => {
    const { router, logger } = makeRouter();
    const result = await router.call('orders.lie', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(logger.lines).toContainEqual(expect.objectContaining({ msg: 'ipc.bad_response' }));
  });

  it('answers an unknown channel with NOT_FOUND, including names inherited from Object', async () => {
    const { router } = makeRouter();
    for (const name of ['orders.remove', 'toString', '__proto__', 'constructor']) {
      const answer = await router.call(name, {}, ctx);
      expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(!answer.ok && answer.error.message).not.toContain(name);
    }
  });

  it('never logs request values, only where they were wrong', async () => {
    const { router, logger } = makeRouter();
    await router.call('orders.add', { sku: 'PIN-4321', quantity: 0 }, ctx);
    expect(JSON.stringify(logger.lines)).not.toContain('PIN-4321');
  });
});

describe('a Dutch till’s router', () => {
  const referenceIn = (answer: Awaited<ReturnType<Router['call']>>) =>
    answer.ok ? 'none' : (/referentie (\w+)/.exec(answer.error.message)?.[1] ?? 'none');

  it('tells the cashier in Dutch what to do with a bad request, an unknown call and a failure inside', async () => {
    const { router } = makeRouter(ipcWordsNl);

    const bad = await router.call('orders.add', { sku: 'A-1' }, ctx);
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: `De kassa kon dat verzoek van het scherm niet aannemen (referentie ${referenceIn(bad)}). Probeer het opnieuw; blijft het gebeuren, herlaad dan het scherm en geef IT de referentie door.`,
      },
    });
    const unknown = await router.call('orders.remove', {}, ctx);
    expect(unknown).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: `Het scherm vroeg de kassa om iets wat hij niet doet (referentie ${referenceIn(unknown)}). Herlaad het scherm; blijft het gebeuren, geef IT dan de referentie door.`,
      },
    });
    const inside = await router.call('orders.explode', {}, ctx);
    expect(inside).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: `Er ging iets mis in de kassa (referentie ${referenceIn(inside)}). Probeer het opnieuw; blijft het gebeuren, geef IT dan de referentie door.`,
      },
    });
    expect([bad, unknown, inside].map(referenceIn)).not.toContain('none');
  });
});

describe('the IPC contract', () => {
  it('has exactly the channels of the preload’s channel list', () => {
    expect(Object.keys(contract).sort()).toEqual([...CHANNELS].sort());
  });

  it('describes plain data: a valid request parses to itself, unchanged by transforms', () => {
    const report = { where: 'TillShell', message: 'Cannot read properties of undefined', stack: 'at x' };
    expect(contract['diagnostics.reportRendererError'].request.parse(report)).toEqual(report);
  });
});
