/**
 * Why a request to a payment cloud got no answer, in words safe to log and to
 * show: "timed out", or the cause's code (ECONNREFUSED, ENOTFOUND, a
 * certificate error). Never an error's message: for a header value fetch
 * refuses, the message quotes the header, and that header is the API key.
 */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return 'no answer';
  if (error.name === 'TimeoutError') return 'timed out';
  const code = (error as Error & { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' ? `no answer (${code})` : `no answer (${error.name})`;
}
