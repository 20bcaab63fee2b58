import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../shared/devices.ts';
import type { PaymentState } from '../../shared/payments/payment-state.ts';
import { cardAttempt } from '../sale/store/testing/card-attempt.ts';
import { deviceLight } from './terminal-light.ts';

/** The status bar's lights, from main's device status, its unsettled payments and the link to main. */

const terminal = (state: DeviceStatus['state']): DeviceStatus => ({
  id: 'terminal',
  kind: 'terminal',
  label: 'Card terminal',
  state,
  detail: `The terminal is ${state}.`,
  since: '2026-01-01T10:00:00.000Z',
  revision: 3,
});
const printer: DeviceStatus = { ...terminal('online'), id: 'printer', kind: 'printer', label: 'Receipt printer' };
const unsettled = (...states: PaymentState[]) => states.map((state) => cardAttempt(state));

describe('the terminal’s light', () => {
  it('says Ready, Busy or Offline as main reports the terminal, when no payment is unsettled', () => {
    expect(deviceLight(terminal('online'), [], 'connected')).toMatchObject({ tone: 'online', word: 'Ready' });
    expect(deviceLight(terminal('offline'), [], 'connected')).toEqual({
      tone: 'offline',
      word: 'Offline',
      detail: 'The terminal is offline.',
    });
  });

  it('says Blocked while a payment waits for a manager, whatever the terminal’s network says', () => {
    for (const state of ['online', 'offline', 'unknown'] as const) {
      expect(deviceLight(terminal(state), unsettled('needs_attention'), 'connected')).toMatchObject({
        tone: 'blocked',
        word: 'Blocked: a payment needs a manager',
      });
    }
    // Not the printer: it has nothing to do with card payments.
    expect(deviceLight(printer, unsettled('needs_attention'), 'connected')).toMatchObject({ word: 'Ready' });
  });

  it('says Busy while a payment is still going, and Offline still wins over that', () => {
    expect(deviceLight(terminal('online'), unsettled('checking'), 'connected')).toMatchObject({
      tone: 'busy',
      word: 'Busy',
    });
    expect(deviceLight(terminal('offline'), unsettled('sent'), 'connected')).toMatchObject({ word: 'Offline' });
  });

  it('is not made Busy or Blocked by a payment link: the customer pays that on their phone', () => {
    const links = unsettled('in_progress', 'needs_attention').map((attempt) => ({
      ...attempt,
      tender: 'link' as const,
    }));
    expect(deviceLight(terminal('online'), links, 'connected')).toMatchObject({ tone: 'online', word: 'Ready' });
    expect(deviceLight(terminal('online'), [...links, ...unsettled('sent')], 'connected')).toMatchObject({
      word: 'Busy',
    });
  });

  it('claims nothing while this screen cannot hear the till', () => {
    for (const connection of ['reconnecting', 'refused'] as const) {
      expect(deviceLight(terminal('online'), unsettled('needs_attention'), connection)).toMatchObject({
        tone: 'unknown',
        word: 'Not known',
      });
      expect(deviceLight(printer, [], connection)).toMatchObject({ word: 'Not known' });
    }
  });
});
