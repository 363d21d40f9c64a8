/**
 * The one upload rule: a file sent to the BFF (a PDF in base64 JSON or a multipart file part) may be
 * at most `limits.uploadBytes` bytes (`BFF_UPLOAD_MAX_BYTES`) once decoded, whichever way it came.
 * Body limits on the upload routes are derived from that file size, so the 413 always speaks of the
 * file, in MB, and names the setting to change.
 */
import { BffError } from '../errors.js';

/** ESS's own limit for a PDF (UploadFiles: "pdf/word/excel etc. < 60 MB"); the BFF's may not exceed it. */
export const ESS_MAX_UPLOAD_BYTES = 60 * 1024 * 1024;

/** The environment variable that sets the file-size limit. */
export const UPLOAD_LIMIT_SETTING = 'BFF_UPLOAD_MAX_BYTES';

const MB = 1024 * 1024;

/** `20 MB`, `0.5 MB`: the limit as people read it (1 MB = 1,048,576 bytes). */
export function megabytes(bytes: number): string {
  return `${Number((bytes / MB).toFixed(2))} MB`;
}

/** The 413 for a file over the limit: the limit in MB and the setting that raises it (up to ESS's 60 MB). */
export function fileTooLarge(limitBytes: number, what = 'The file'): BffError {
  return new BffError(
    'FILE_TOO_LARGE',
    `${what} is larger than this BFF's upload limit of ${megabytes(limitBytes)} (${limitBytes} bytes). ` +
      `Send a smaller file, or raise ${UPLOAD_LIMIT_SETTING} (at most ${megabytes(ESS_MAX_UPLOAD_BYTES)}, ESS's own limit for a PDF)`,
  );
}

/** Length of the base64 text of a file of `bytes` bytes (with padding). */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/**
 * The largest JSON body an upload route reads: the file limit in base64 plus `otherBytes` for the
 * rest of the request (approvers, components, JSON punctuation, a `data:` prefix).
 */
export function jsonUploadBodyLimit(fileBytes: number, otherBytes: number): number {
  return base64Length(fileBytes) + otherBytes;
}

/** The decoded size of clean base64 text (no whitespace, no `data:` prefix). */
export function decodedBase64Size(base64: string): number {
  let padding = 0;
  if (base64.endsWith('==')) padding = 2;
  else if (base64.endsWith('=')) padding = 1;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/** Throws the 413 when clean base64 text decodes to more than `limitBytes`. */
export function assertFileSize(base64: string, limitBytes: number, what?: string): void {
  if (decodedBase64Size(base64) > limitBytes) throw fileTooLarge(limitBytes, what);
}
