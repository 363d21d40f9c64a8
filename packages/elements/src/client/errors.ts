/**
 * The one error type components see. `code` is stable (the BFF's error code, or one of the
 * client-side codes below); `message` is meant for people and never contains a token.
 */
export class EssKitError extends Error {
  override readonly name = 'EssKitError';
  /** Stable machine-readable code, e.g. `FLOW_NOT_SIGNED`, `NETWORK`, `TOKEN_MISSING`. */
  readonly code: string;
  /** HTTP status when the error came from the BFF, 0 otherwise. */
  readonly status: number;
  /** The BFF's request id, for support. */
  readonly requestId: string | null;

  constructor(code: string, message: string, status = 0, requestId: string | null = null) {
    super(message);
    this.code = code;
    this.status = status;
    this.requestId = requestId;
  }
}

/** Turns anything thrown into an {@link EssKitError}. */
export function toEssKitError(error: unknown): EssKitError {
  if (error instanceof EssKitError) return error;
  if (error instanceof DOMException && error.name === 'AbortError') {
    return new EssKitError('ABORTED', 'The request was cancelled.');
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EssKitError('CLIENT_ERROR', message);
}
