/**
 * Browser mode's event stream: main writes a heartbeat this often, so a client
 * that hears nothing for three heartbeats can take the connection for dead.
 */
export const EVENT_STREAM_HEARTBEAT_MS = 15_000;
export const EVENT_STREAM_STALE_AFTER_MS = 3 * EVENT_STREAM_HEARTBEAT_MS;
