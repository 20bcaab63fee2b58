import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from './csp.ts';

/**
 * The page's Content Security Policy, written out in full: loosening any
 * directive (a script from elsewhere, inline script, a frame, a form post)
 * must be a change to this test too, made on purpose. Both ways of serving
 * the page send exactly this header (electron/main.test.ts,
 * electron/browser-mode/server.test.ts).
 */
describe('the renderer’s Content Security Policy', () => {
  it('is exactly these directives', () => {
    expect(RENDERER_CSP.split('; ')).toEqual([
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' blob: data:",
      "font-src 'self'",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
  });

  it('lets no script run that the till did not ship', () => {
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  });
});
