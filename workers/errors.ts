// The engine's errors and how they cross the worker boundary (no import of protocol.ts: it
// imports this file).

/** Errors cross the boundary as plain data and are rebuilt on the page. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  /** Machine-readable reason, e.g. "quota", "not-found", "cancelled", "bad-input". */
  code?: string;
}

/** An error whose message is meant for the user; `code` lets the page react to it. */
export class LabError extends Error {
  constructor(
    message: string,
    readonly code: 'bad-input' | 'not-found' | 'network' | 'cors' | 'quota' | 'cancelled' | 'gpu' | 'state' | 'unsupported' = 'bad-input',
  ) {
    super(message);
    this.name = 'LabError';
  }
}

export class CancelledError extends LabError {
  constructor(message = 'cancelled') {
    super(message, 'cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError();
}

/**
 * True when a write failed for lack of space: the QuotaExceededError of a full origin
 * quota, or the IOError Chromium's IndexedDB reports when the disk itself is full
 * ("DataError: Failed to write blobs (IOError)").
 */
export function isQuotaError(e: unknown): boolean {
  if (e instanceof LabError) return e.code === 'quota';
  if (!(e instanceof DOMException)) return false;
  if (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  return (e.name === 'DataError' || e.name === 'UnknownError') && /IOError|write blobs|disk/i.test(e.message);
}

export function toWire(e: unknown): WireError {
  if (e instanceof Error) {
    const code = e instanceof LabError ? e.code : isQuotaError(e) ? 'quota' : undefined;
    return { name: e.name, message: e.message, stack: e.stack, code };
  }
  return { name: 'Error', message: String(e) };
}

/** Rebuilds a wire error on the page side, keeping name and code. */
export class EngineError extends Error {
  readonly code?: string;
  constructor(w: WireError) {
    super(w.message);
    this.name = w.name;
    this.code = w.code;
    if (w.stack) this.stack = w.stack;
  }
}
