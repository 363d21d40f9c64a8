/**
 * `POST /v1/pdf/keyword-positions` — the guide's "compute sign coordinates" as a service: a PDF and
 * keywords in, every match out as ESS component coordinates (top-left origin). Uses shared's
 * pdfjs-based extractor, the same code the emulator's KEYWORD positioning runs.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import { isMultipart } from '../http/multipart.js';
import { assertFileSize } from '../http/upload-limit.js';
import { cleanBase64, looksLikePdf, readFileUpload, readJsonObject, validate } from './request-body.js';

/** Body of `POST /v1/pdf/keyword-positions`. */
export const keywordPositionsBody = z.strictObject({
  File: z.strictObject({ Name: z.string().max(200).optional(), ContentBase64: z.string().min(1) }),
  Keywords: z.array(z.string().min(1).max(100)).min(1).max(50),
});

type FindKeywordPositions = (pdf: Uint8Array, keywords: string[]) => Promise<unknown[]>;

async function loadExtractor(): Promise<FindKeywordPositions> {
  try {
    const mod = (await import('@ess-kit/shared/pdf-text')) as { findKeywordPositions?: FindKeywordPositions };
    if (typeof mod.findKeywordPositions === 'function') return mod.findKeywordPositions;
  } catch {
    // fall through: reported below as a clear 500 instead of a crash
  }
  throw new BffError(
    'INTERNAL',
    'PDF text extraction is not available in this build (@ess-kit/shared/pdf-text)',
  );
}

/** The PDF route. */
export function pdfRoutes(deps: BffDeps) {
  const app = new Hono<BffEnv>();
  app.post('/v1/pdf/keyword-positions', async (c) => {
    let raw: Record<string, unknown>;
    if (isMultipart(c)) {
      // `file` part (streamed, limited like every upload) + one `keywords` part per keyword.
      const { file, fields } = await readFileUpload(c, deps, 'a PDF file part');
      raw = {
        File: { Name: file.fileName, ContentBase64: file.bytes.toString('base64') },
        // `keyword` (singular) is the deprecated spelling (docs/partner-api.md § Naming).
        Keywords: fields.keywords ?? fields.keyword ?? [],
      };
    } else {
      raw = await readJsonObject(c);
    }
    const body = validate(keywordPositionsBody, raw);
    const base64 = cleanBase64(body.File.ContentBase64, 'File.ContentBase64');
    assertFileSize(base64, deps.config.limits.uploadBytes);
    if (!looksLikePdf(base64))
      throw new BffError('VALIDATION_FAILED', 'File.ContentBase64: the file is not a PDF');
    const find = await loadExtractor();
    let matches: unknown[];
    try {
      matches = await find(new Uint8Array(Buffer.from(base64, 'base64')), body.Keywords);
    } catch (err) {
      // PdfTextError messages say what is wrong with the file (invalid, encrypted); nothing secret.
      const reason =
        err instanceof Error && err.name === 'PdfTextError' ? err.message : 'the PDF could not be read';
      throw new BffError('VALIDATION_FAILED', `File.ContentBase64: ${reason}`);
    }
    return c.json({ Matches: matches, TotalCount: matches.length });
  });
  return app;
}
