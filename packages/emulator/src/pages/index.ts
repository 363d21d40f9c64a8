/**
 * Page routes: the signing simulator (`/sign/...`) and the QR scan page (`/qr/...`) that the
 * links from CreateSchemeUrl and CreateMultiFlowSignQRCode point at. Plain HTML forms that post
 * back here, call the state and redirect (303) to the page — no JavaScript needed.
 */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { EmulatorContext } from '../context.js';
import { ControlError, readCappedText } from '../control/http.js';
import { filePath, signedFileUrl } from '../files/urls.js';
import { EmulatorError } from '../state/errors.js';
import type { Flow } from '../state/types.js';
import { renderFlowList } from './list.js';
import { renderNotFound, renderQrPage } from './qr.js';
import { renderSignPage } from './sign.js';

const MAX_FORM_BYTES = 256 * 1024;
const DOCUMENT_LINK_TTL_SECONDS = 600;

const DONE_NOTICE: Record<string, string> = {
  sign: '已签署 — signed.',
  reject: '已拒签 — refused.',
  fill: '已填写 — filled in.',
  scan: '已发起签署 — your contract has been created; sign it below.',
};

const PAGE_ACTIONS = ['sign', 'reject', 'fill'] as const;
type PageAction = (typeof PAGE_ACTIONS)[number];

/** Builds the page routes; `app.ts` mounts them at `/`. */
export function pageRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  const { state } = ctx;

  const noStore = (c: Context) => c.header('Cache-Control', 'no-store');
  const documentUrl = (flow: Flow) => `/sign/${encodeURIComponent(flow.FlowId)}/document.pdf`;
  const signPath = (flowId: string, recipientId?: string, done?: string) => {
    const query = new URLSearchParams();
    if (recipientId) query.set('recipient', recipientId);
    if (done) query.set('done', done);
    const qs = query.toString();
    return `/sign/${encodeURIComponent(flowId)}${qs ? `?${qs}` : ''}`;
  };

  /** Reads a urlencoded form (what a plain HTML form posts), refusing oversize bodies. */
  const readForm = async (c: Context): Promise<Record<string, string>> => {
    let text: string;
    try {
      text = await readCappedText(c, MAX_FORM_BYTES);
    } catch (error) {
      if (!(error instanceof ControlError)) throw error;
      throw new EmulatorError(
        'RequestSizeLimitExceeded',
        `The form must be at most ${MAX_FORM_BYTES} bytes.`,
        413,
      );
    }
    if ((c.req.header('Content-Type') ?? '').toLowerCase().startsWith('multipart/')) {
      throw new EmulatorError('InvalidParameter', 'Post the form as application/x-www-form-urlencoded.', 400);
    }
    return Object.fromEntries(new URLSearchParams(text));
  };

  const list = (c: Context) => {
    noStore(c);
    return c.html(renderFlowList(Object.values(state.data.flows), state.data.organizations));
  };
  app.get('/sign', list);
  app.get('/sign/', list);

  app.get('/sign/:flowId', (c) => {
    noStore(c);
    const flow = state.data.flows[c.req.param('flowId')];
    if (!flow) return c.html(renderNotFound('Flow', c.req.param('flowId')), 404);
    const done = c.req.query('done');
    return c.html(
      renderSignPage(flow, {
        recipientId: c.req.query('recipient'),
        documentUrl: documentUrl(flow),
        notice: done ? DONE_NOTICE[done] : undefined,
      }),
    );
  });

  // The contract as it stands (signature and seal marks included): a short-lived signed link
  // to the file host, the same kind of URL DescribeFileUrls hands out.
  app.get('/sign/:flowId/document.pdf', (c) => {
    const flow = state.data.flows[c.req.param('flowId')];
    if (!flow) return c.html(renderNotFound('Flow', c.req.param('flowId')), 404);
    noStore(c);
    const path = filePath('FLOW', flow.FlowId, `${flow.FlowId}.pdf`);
    return c.redirect(
      signedFileUrl('', ctx.config.fileUrlSecret, path, ctx.clock.now() + DOCUMENT_LINK_TTL_SECONDS),
      302,
    );
  });

  app.post('/sign/:flowId/approvers/:recipientId/:action', async (c) => {
    noStore(c);
    const flowId = c.req.param('flowId');
    const recipientId = c.req.param('recipientId');
    const action = c.req.param('action') as PageAction;
    const flow = state.data.flows[flowId];
    if (!flow) return c.html(renderNotFound('Flow', flowId), 404);
    try {
      if (!PAGE_ACTIONS.includes(action)) {
        throw new EmulatorError('InvalidParameter', `Unknown action "${c.req.param('action')}".`, 404);
      }
      const form = await readForm(c);
      if (action === 'sign') state.sign(flowId, recipientId);
      else if (action === 'reject') {
        const reason = (form.reason ?? '').trim();
        if (!reason)
          throw new EmulatorError('MissingParameter', '请填写拒签原因 — please give a reason for refusing.');
        if (reason.length > 500)
          throw new EmulatorError('InvalidParameter', 'The reason must be at most 500 characters.');
        state.reject(flowId, recipientId, reason);
      } else {
        const formFields = Object.entries(form)
          .filter(([key]) => key.startsWith('field:'))
          .map(([key, value]) => ({ ComponentId: key.slice('field:'.length), ComponentValue: value }));
        state.fill(flowId, recipientId, formFields);
      }
      return c.redirect(signPath(flowId, recipientId, action), 303);
    } catch (error) {
      if (!(error instanceof EmulatorError)) throw error;
      const current = state.data.flows[flowId] ?? flow;
      return c.html(
        renderSignPage(current, { recipientId, documentUrl: documentUrl(current), error: error.message }),
        error.httpStatus as ContentfulStatusCode,
      );
    }
  });

  app.get('/qr/:qrCodeId', (c) => {
    noStore(c);
    const qr = state.data.qrCodes[c.req.param('qrCodeId')];
    if (!qr) return c.html(renderNotFound('QR code', c.req.param('qrCodeId')), 404);
    // A code past its expiry shows as expired even before the next clock tick marks it.
    if (qr.state === 'active' && ctx.clock.now() >= qr.expiredTime) state.expireDue();
    return c.html(renderQrPage(qr, state.data.templates[qr.TemplateId]));
  });

  app.post('/qr/:qrCodeId', async (c) => {
    noStore(c);
    const qrCodeId = c.req.param('qrCodeId');
    const qr = state.data.qrCodes[qrCodeId];
    if (!qr) return c.html(renderNotFound('QR code', qrCodeId), 404);
    let values: { name?: string; mobile?: string } = {};
    try {
      const form = await readForm(c);
      values = { name: form.name?.trim(), mobile: form.mobile?.trim() };
      const flowId = state.scan(qrCodeId, { name: values.name ?? '', mobile: values.mobile ?? '' });
      const scanner = state.data.flows[flowId]?.approvers.find(
        (a) => a.approverType === 1 && a.mobile === values.mobile,
      );
      return c.redirect(signPath(flowId, scanner?.RecipientId, 'scan'), 303);
    } catch (error) {
      if (!(error instanceof EmulatorError)) throw error;
      return c.html(
        renderQrPage(qr, state.data.templates[qr.TemplateId], { error: error.message, values }),
        error.httpStatus as ContentfulStatusCode,
      );
    }
  });

  return app;
}
