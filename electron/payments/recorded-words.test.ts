import { describe, expect, it } from 'vitest';
import { DISPLAY_WORDS } from './adyen/replies.ts';
import { REASON_WORDS } from './worldline/replies.ts';
import { retellIn } from './recorded-words.ts';
import { LINK_PHRASES } from './link-phrases.ts';

describe('retellIn', () => {
  const dutch = retellIn('nl');

  it('leaves every phrase as recorded on an English till', () => {
    const english = retellIn('en');
    for (const phrase of ['Waiting for card', 'No result after 150 seconds', '108 Shopper cancelled tx']) {
      expect(english(phrase)).toBe(phrase);
    }
  });

  it('tells a Dutch cashier every step the terminal shows and every reason the modules write, in Dutch', () => {
    const own = [...Object.values(DISPLAY_WORDS), ...Object.values(REASON_WORDS)];
    expect(own.length).toBeGreaterThan(20);
    for (const phrase of own) expect(dutch(phrase), phrase).not.toBe(phrase);
    expect(dutch('Waiting for card')).toBe('Wacht op de pas');
    expect(dutch('Wrong PIN')).toBe('Verkeerde pincode');
  });

  it('retells the phrases that carry a value, and the value too when it is one of the till’s own', () => {
    expect(dutch('No result after 150 seconds')).toBe('Geen uitslag na 150 seconden');
    expect(dutch('The terminal could not be asked (empty reply)')).toBe(
      'De pinautomaat kon niet worden gevraagd (leeg antwoord)',
    );
    expect(dutch('The terminal could not be asked (HTTP 503)')).toBe(
      'De pinautomaat kon niet worden gevraagd (HTTP 503)',
    );
    expect(dutch('Rejected: unreadable reply')).toBe('Afgewezen: onleesbaar antwoord');
    expect(dutch('The terminal reported declined after the till had recorded approved')).toBe(
      'De pinautomaat meldde geweigerd nadat de kassa goedgekeurd had vastgelegd',
    );
    expect(dutch('Adyen refused the API key (HTTP 401)')).toBe(
      'Adyen weigerde de API-sleutel (HTTP 401); vraag IT payment.adyen.apiKey na te kijken',
    );
    expect(dutch('Worldline refused the API key (HTTP 403); IT must check payment.worldline.apiKey')).toBe(
      'Worldline weigerde de API-sleutel (HTTP 403); IT moet payment.worldline.apiKey nakijken',
    );
    expect(dutch('Worldline is busy (HTTP 429); nothing was charged')).toBe(
      'Worldline is bezet (HTTP 429); er is niets afgeschreven',
    );
  });

  it('retells every phrase the link provider records, and keeps the gateway’s own words in them', () => {
    for (const phrase of Object.values(LINK_PHRASES)) expect(dutch(phrase)).not.toBe(phrase);
    expect(dutch('Worldline Direct answered 400: expirationDate is in the past')).toBe(
      'Worldline Direct antwoordde 400: expirationDate is in the past',
    );
  });

  it('shows the provider’s and the bank’s own words as they came, never a guess', () => {
    for (const phrase of ['108 Shopper cancelled tx', 'Issuer Unavailable', 'Not enough balance', '']) {
      expect(dutch(phrase)).toBe(phrase);
    }
  });
});
