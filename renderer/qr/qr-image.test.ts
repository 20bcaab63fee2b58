import { describe, expect, it } from 'vitest';
import { qrImageSource } from './qr-image.ts';

describe('a QR code picture', () => {
  it('is an SVG in a data: URI, which the CSP allows and which can neither fetch nor run anything', async () => {
    const source = await qrImageSource('https://pay.example/l/abc123');
    expect(source).toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
    const svg = decodeURIComponent(source.slice(source.indexOf(',') + 1));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('<path');
    expect(svg).not.toMatch(/<script|href=|url\(/i);
  });

  it('differs for different links', async () => {
    expect(await qrImageSource('https://pay.example/l/a')).not.toBe(await qrImageSource('https://pay.example/l/b'));
  });
});
