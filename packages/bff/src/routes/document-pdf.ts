/**
 * `GET /v1/templates/:templateId/pdf` and `GET /v1/flows/:flowId/pdf` — the PDF itself, for a page that
 * shows it (the field picker). The BFF asks ESS for a link (DescribeFileUrls, BusinessType TEMPLATE /
 * FLOW), downloads the file server-side and answers with the bytes: ESS file links are short-lived,
 * cross-origin and carry no CORS headers, so a browser could not fetch them itself.
 *
 * A flow's PDF is served at any status once the flow has a document — from creation for file flows,
 * after CreateDocument for template flows — so fields can be placed before anyone signs. (The signed
 * files of `GET /v1/flows/:flowId/files` wait for status 4 instead.)
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { browserToken } from '../auth/middleware.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import type { ActingOrganization } from '../ess/client.js';
import { validate } from './request-body.js';
import { assertInScope, organizationForFlows } from './scope.js';
import { actingFor } from './tenancy.js';

const ESS_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Query of both PDF routes (`token` is read by the auth middleware). */
export const documentPdfQuery = z.strictObject({ token: z.string().optional() });

type Kind = 'TEMPLATE' | 'FLOW';

/** Reads a body of at most `cap` bytes, refusing larger ones before holding them. */
async function readCapped(response: Response, cap: number, what: string): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new BffError(
      'ESS_FILE_TOO_LARGE',
      `The PDF of ${what} is larger than this BFF relays (${cap} bytes, setting limits.uploadBytes)`,
    );
  if (Number(response.headers.get('content-length') ?? 0) > cap) {
    await response.body?.cancel();
    throw tooLarge();
  }
  let size = 0;
  // Counts while it streams and stops the download at the cap (a missing or lying Content-Length).
  const counted = response.body?.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > cap) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  try {
    return new Uint8Array(await new Response(counted ?? null).arrayBuffer());
  } catch {
    if (size > cap) throw tooLarge();
    throw new BffError('ESS_UNAVAILABLE', `The download of the PDF of ${what} broke off`);
  }
}

/** The document PDF routes. */
export function documentPdfRoutes(deps: BffDeps) {
  const app = new Hono<BffEnv>();

  async function relay(kind: Kind, id: string, as: ActingOrganization, requestId: string) {
    const what = `${kind === 'FLOW' ? 'flow' : 'template'} ${id}`;
    const res = await deps.ess
      .call('DescribeFileUrls', { BusinessType: kind, BusinessIds: [id], FileType: 'PDF' }, { as, requestId })
      .catch((err: unknown) => {
        // A flow created from a template has no document until CreateDocument (ess-api.md §6.5).
        if (err instanceof BffError && err.details?.essCode === 'ResourceNotFound.NotExistDocument')
          throw new BffError(
            'ESS_DOCUMENT_NOT_READY',
            `Flow ${id} has no document yet; call CreateDocument (POST /v1/flows/by-template does) first`,
            err.details,
          );
        if (err instanceof BffError && err.code === 'ESS_NOT_FOUND')
          throw new BffError('NOT_FOUND', `No ${what} in this organization`, err.details);
        throw err;
      });
    const url = (Array.isArray(res.FileUrls) ? res.FileUrls : [])[0]?.Url;
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url))
      throw new BffError('ESS_BAD_RESPONSE', `ESS gave no download link for ${what}`);
    let file: Response;
    try {
      // No credentials go with it: the link is signed by ESS. Redirects are refused, not followed.
      file = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(deps.config.ess.timeoutMs) });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'TimeoutError')
        throw new BffError('ESS_TIMEOUT', `The ESS file host did not deliver the PDF of ${what} in time`);
      throw new BffError('ESS_UNAVAILABLE', `The ESS file host could not be reached for the PDF of ${what}`);
    }
    if (!file.ok) {
      await file.body?.cancel();
      throw new BffError('ESS_BAD_RESPONSE', `The ESS file host answered HTTP ${file.status} for ${what}`);
    }
    const bytes = await readCapped(file, deps.config.limits.uploadBytes, what);
    if (new TextDecoder().decode(bytes.subarray(0, 5)) !== '%PDF-')
      throw new BffError(
        'ESS_BAD_RESPONSE',
        `The ESS file host answered with something that is not a PDF for ${what}`,
      );
    return new Response(bytes, {
      headers: {
        'content-type': 'application/pdf',
        'content-length': String(bytes.byteLength),
        'content-disposition': `inline; filename="${id}.pdf"`,
        'cache-control': 'private, no-store',
      },
    });
  }

  /** The id in the path, checked: browser tokens need DescribeFileUrls and must name it (scope.ts). */
  async function authorize(c: Parameters<typeof browserToken>[0], kind: Kind) {
    const name = kind === 'FLOW' ? 'flowId' : 'templateId';
    const id = c.req.param(name) ?? '';
    if (!ESS_ID.test(id)) throw new BffError('VALIDATION_FAILED', `${name}: must be an ESS id`);
    validate(documentPdfQuery, c.req.query(), 'query');
    const token = browserToken(c);
    if (token && !token.actions.includes('DescribeFileUrls'))
      throw new BffError('ACTION_NOT_ALLOWED', 'This browser token does not allow DescribeFileUrls');
    if (token) await assertInScope(deps, token, kind === 'FLOW' ? { flowIds: [id] } : { templateIds: [id] });
    return { id, token };
  }

  // Partner keys may read any template (as the main organization) or flow (as its recorded owner).
  app.get('/v1/templates/:templateId/pdf', async (c) => {
    const { id, token } = await authorize(c, 'TEMPLATE');
    return relay('TEMPLATE', id, actingFor(deps.config, token?.organizationId ?? null), c.get('requestId'));
  });

  app.get('/v1/flows/:flowId/pdf', async (c) => {
    const { id, token } = await authorize(c, 'FLOW');
    const organizationId = token ? token.organizationId : await organizationForFlows(deps, null, [id]);
    return relay('FLOW', id, actingFor(deps.config, organizationId), c.get('requestId'));
  });

  return app;
}
