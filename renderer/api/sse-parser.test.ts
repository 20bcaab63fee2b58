import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser.ts';

const STREAM =
  'retry: 2000\n: connected\n\n' +
  'data: {"a":1}\n\n' +
  'event: device\r\ndata: line one\r\ndata: line two\r\n\r\n' +
  ': heartbeat\n\n' +
  'data:no-space\rid: 7\r\r';

const EXPECTED = [{ data: '{"a":1}' }, { data: 'line one\nline two' }, { data: 'no-space' }];

describe('SseParser', () => {
  it('parses messages and multi-line data, reads past comments and other fields, and takes all three line endings', () => {
    expect(new SseParser().push(STREAM)).toEqual(EXPECTED);
  });

  it('gives the same messages however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), STREAM.length];
        const parser = new SseParser();
        const messages = points.slice(1).flatMap((end, index) => parser.push(STREAM.slice(points[index], end)));
        expect(messages).toEqual(EXPECTED);
      }),
    );
  });

  it('holds an unfinished message until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('data: half')).toEqual([]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ data: 'half' }]);
  });
});
