/**
 * The request body: reading it as a JSON object, validating it with zod into a clear 400 that names
 * the first bad field, and cleaning up a base64 PDF.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import { type MultipartLimits, readMultipartUpload, type UploadedFile } from '../http/multipart.js';

/** The multipart limits of an upload route: the configured file size, the ordinary body limit for the rest. */
export function uploadLimits(deps: BffDeps, maxFiles: number): MultipartLimits {
  return { fileBytes: deps.config.limits.uploadBytes, maxFiles, fieldBytes: deps.config.limits.bodyBytes };
}

/** Reads the body as a JSON object; empty or malformed bodies get INVALID_JSON. */
export async function readJsonObject(c: Context<BffEnv>): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (type && !/^application\/(.+\+)?json\b/i.test(type))
    throw new BffError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as JSON with "Content-Type: application/json"',
    );
  const text = await c.req.text();
  if (text.trim() === '') throw new BffError('INVALID_JSON', 'The request body is empty; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BffError('INVALID_JSON', 'The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BffError('INVALID_JSON', 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Formats zod issues as `path: message` lines. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.slice(0, 20).map((i) => {
    const path = i.path.map(String).join('.') || '(body)';
    if (i.code === 'unrecognized_keys')
      return {
        path,
        message: `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`,
      };
    return { path, message: i.message };
  });
}

/** Validates `value`, throwing VALIDATION_FAILED (or UNKNOWN_FIELD) that names the first bad field. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, what = 'request body'): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = describeIssues(result.error.issues);
  const unknown = result.error.issues.some((i) => i.code === 'unrecognized_keys');
  const first = issues[0];
  throw new BffError(
    unknown ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED',
    `Invalid ${what}: ${first.path}: ${first.message}`,
    { issues },
  );
}

/** Strips a `data:...;base64,` prefix and whitespace; refuses anything that is not base64. */
export function cleanBase64(value: string, field: string): string {
  let body = value.trim();
  const match = /^data:[^,]*;base64,/i.exec(body);
  if (match) body = body.slice(match[0].length);
  body = body.replace(/\s+/g, '');
  if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 === 1)
    throw new BffError('VALIDATION_FAILED', `${field} must be base64 (with or without a data: URL prefix)`);
  return body;
}

/** True when the base64 body decodes to something starting with %PDF. */
export function looksLikePdf(base64: string): boolean {
  return Buffer.from(base64.slice(0, 8), 'base64').toString('latin1').startsWith('%PDF');
}

/**
 * A multipart upload with one `file` part (streamed, held to the upload limit) and its other fields:
 * the one reading of an upload every multipart route shares. `payload`, when asked for, is the
 * `payload` part as a JSON object (absent: `{}`). `fileLabel` names the part in the error.
 */
export async function readFileUpload(
  c: Context<BffEnv>,
  deps: BffDeps,
  fileLabel = 'a file part',
): Promise<{ file: UploadedFile; fields: Record<string, string[]>; payload: () => Record<string, unknown> }> {
  const { files, fields } = await readMultipartUpload(c.req.raw, uploadLimits(deps, 1));
  const file = files.find((part) => part.field === 'file');
  if (!file) throw new BffError('VALIDATION_FAILED', `file: ${fileLabel} named "file" is required`);
  const payload = () => {
    let value: unknown = {};
    try {
      value = JSON.parse(fields.payload?.[0] ?? '{}');
    } catch {
      throw new BffError('INVALID_JSON', 'payload: the "payload" part must be JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new BffError('INVALID_JSON', 'payload: the "payload" part must be a JSON object');
    return value as Record<string, unknown>;
  };
  return { file, fields, payload };
}
