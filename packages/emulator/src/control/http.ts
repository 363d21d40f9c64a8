/**
 * The control API's error shape and body reading: every failure is
 * `{ "error": { "code", "message" } }` with a 4xx status — 400 invalid body, 404 unknown id,
 * 409 wrong state — never a stack trace.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { EmulatorError } from '../state/errors.js';

/** A control-API refusal; thrown inside handlers and rendered by {@link errorResponse}. */
export class ControlError extends Error {
  override readonly name = 'ControlError';
  constructor(
    readonly status: 400 | 404 | 405 | 409 | 413 | 415,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Largest control request body (bytes). */
export const MAX_CONTROL_BODY_BYTES = 1024 * 1024;

/** Renders any error thrown by a control handler as the documented JSON error. */
export function errorResponse(c: Context, error: unknown): Response {
  if (error instanceof ControlError)
    return c.json({ error: { code: error.code, message: error.message } }, error.status);
  if (error instanceof EmulatorError) {
    return c.json(
      { error: { code: error.code, message: error.message } },
      error.httpStatus as ContentfulStatusCode,
    );
  }
  // Unexpected: log the detail on the server, keep the answer generic (no stack, no internals).
  console.error('[ess-emulator] control API error:', error);
  return c.json(
    { error: { code: 'INTERNAL', message: 'The emulator failed to handle this control request.' } },
    500,
  );
}

/** Formats zod issues as one readable sentence naming each bad field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}

/**
 * Reads a request body as text, at most `maxBytes`: a declared Content-Length over the limit is
 * refused before reading, a chunked body is cut off as soon as it passes the limit.
 */
export async function readCappedText(c: Context, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new ControlError(413, 'BODY_TOO_LARGE', `The body must be at most ${maxBytes} bytes.`);
  if (Number(c.req.header('Content-Length') ?? '0') > maxBytes) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Reads and validates a JSON body. An empty body counts as `{}` so routes whose fields are all
 * optional accept a bare POST.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const declared = Number(c.req.header('Content-Length') ?? '0');
  if (declared > MAX_CONTROL_BODY_BYTES) {
    throw new ControlError(
      413,
      'BODY_TOO_LARGE',
      `The body must be at most ${MAX_CONTROL_BODY_BYTES} bytes.`,
    );
  }
  const text = await c.req.text();
  if (new TextEncoder().encode(text).length > MAX_CONTROL_BODY_BYTES) {
    throw new ControlError(
      413,
      'BODY_TOO_LARGE',
      `The body must be at most ${MAX_CONTROL_BODY_BYTES} bytes.`,
    );
  }
  let value: unknown = {};
  if (text.trim()) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ControlError(400, 'INVALID_JSON', 'The body is not valid JSON.');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ControlError(400, 'INVALID_BODY', describeIssues(parsed.error));
  return parsed.data;
}
