/** Stable codes for everything that can be wrong with a callback delivery (docs/internals.md). */
export type CallbackErrorCode =
  | 'CALLBACK_BAD_KEY'
  | 'CALLBACK_BAD_BASE64'
  | 'CALLBACK_BAD_PADDING'
  | 'CALLBACK_TRUNCATED'
  | 'CALLBACK_TOO_LARGE'
  | 'CALLBACK_BAD_JSON'
  | 'CALLBACK_BAD_SIGNATURE'
  | 'CALLBACK_EMPTY'
  | 'CALLBACK_BAD_FORMAT';

/**
 * The only error the callback helpers throw. `code` is stable (safe to branch on and to return to the
 * sender); `message` says what to check and never contains the key, the token or the plaintext.
 */
export class CallbackError extends Error {
  readonly code: CallbackErrorCode;

  constructor(code: CallbackErrorCode, message: string) {
    super(message);
    this.name = 'CallbackError';
    this.code = code;
  }
}

/** Largest callback body accepted, in bytes (1 MiB; real callbacks are a few KiB). */
export const MAX_CALLBACK_BYTES = 1024 * 1024;
