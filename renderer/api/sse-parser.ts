/**
 * A text/event-stream parser (the WHATWG "server-sent events" format) for the
 * browser-mode event stream. We read the stream with fetch rather than
 * EventSource because EventSource cannot send the Authorization header.
 */
export interface SseMessage {
  data: string;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private afterCarriageReturn = false;

  /** Feeds decoded text; returns the messages completed by it. */
  push(text: string): SseMessage[] {
    // A \r ends a line at once; a \n right after it (even in the next chunk) belongs to it.
    let input = text;
    if (this.afterCarriageReturn && input.startsWith('\n')) input = input.slice(1);
    this.afterCarriageReturn = false;
    this.buffer += input;
    const messages: SseMessage[] = [];
    for (;;) {
      const end = this.buffer.search(/[\r\n]/);
      if (end < 0) break;
      const line = this.buffer.slice(0, end);
      let next = end + 1;
      if (this.buffer[end] === '\r') {
        if (next === this.buffer.length) this.afterCarriageReturn = true;
        else if (this.buffer[next] === '\n') next += 1;
      }
      this.buffer = this.buffer.slice(next);
      const message = this.line(line);
      if (message !== undefined) messages.push(message);
    }
    return messages;
  }

  /** Only `data` matters to us; `event`, `id` and `retry` fields are read past, as comments are. */
  private line(line: string): SseMessage | undefined {
    if (line === '') {
      if (this.data.length === 0) return undefined;
      const message = { data: this.data.join('\n') };
      this.data = [];
      return message;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    return undefined;
  }
}
