import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * What both simulated clouds do the same way over HTTP: answer by throwing,
 * read a bounded body, decode a path segment, compare a key in constant time.
 * Each simulator keeps its own words and status codes; only the mechanics
 * live here. (Simulators share nothing with the payment client.)
 */

/** An answer a route gives by throwing: a status, the text of the answer, and any headers it needs. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpProblem(400, 'Bad percent-encoding in the path');
  }
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The whole body, or a 413 (`tooLarge`) as soon as it passes `maxBytes`. */
export function readBody(request: IncomingMessage, maxBytes: number, tooLarge: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading; the 413 goes out with Connection: close, and the socket closes after it.
        request.pause();
        reject(new HttpProblem(413, tooLarge));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
