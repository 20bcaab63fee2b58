/**
 * The Content Security Policy of the till's UI, sent as a header by both ways
 * of serving it (Electron's app:// protocol and browser mode). Only our own
 * scripts and styles run; images may be blobs so receipt previews (SVG) can be
 * shown as pictures that cannot fetch fonts or run script; nothing is framed.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
