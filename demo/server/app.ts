import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { baselineHeaders } from '@ess-kit/emulator';
import { FLOW_STATUS, isTerminalFlowStatus } from '@ess-kit/shared';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { BffClient } from './bff-client.js';
import { repoRoot } from './elements-bundle.js';
import { platformRoutes } from './platform.js';
import { FILE_PRESETS, type FilePreset, fileFlowApprovers, type Parties, type Placement } from './presets.js';

/** What the demo partner site needs to know. */
export interface DemoOptions {
  /** The BFF as the browser reaches it (components call it directly with tokens). */
  bffUrl: string;
  /** The emulator, when ESS is the emulator: only for the debug page and the clock button. */
  emulatorUrl: string | null;
  /** The partner API key: used by this backend only, never sent to the browser. */
  partnerApiKey: string;
  /** The elements' self-contained bundle (`packages/elements/dist/ess-elements.js`). */
  bundleFile: string;
  /** The second BFF, in 第三方应用 mode, for `/platform` (null: not started). */
  platform?: { bffUrl: string; partnerApiKey: string } | null;
}

const publicDir = join(repoRoot, 'demo', 'public');
const STATIC_FILES: Record<string, string> = {
  'demo.js': 'text/javascript; charset=utf-8',
  'events.js': 'text/javascript; charset=utf-8',
  'platform.js': 'text/javascript; charset=utf-8',
  'demo.css': 'text/css; charset=utf-8',
  'sample-contract.pdf': 'application/pdf',
};

/** The pdf.js files the picker fetches: modules, packed CMaps, standard fonts, wasm decoders. */
const PDFJS_TYPES: Record<string, string> = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.js': 'text/javascript; charset=utf-8',
};

type Json = Record<string, unknown>;
const demoError = (code: string, message: string) => ({ error: { code, message } });

/**
 * What this partner site has created, per organization it acts for. A real partner keeps this in its
 * own database, next to its orders or customers, and mints tokens only for what the signed-in user
 * may see; the demo has one anonymous user, so it remembers everything it created.
 */
class Registry {
  private readonly byOrganization = new Map<
    string,
    { flowIds: Set<string>; templateIds: Set<string>; qrCodeIds: Set<string> }
  >();

  of(organizationId: string | undefined) {
    const key = organizationId ?? '';
    let entry = this.byOrganization.get(key);
    if (!entry) {
      entry = { flowIds: new Set(), templateIds: new Set(), qrCodeIds: new Set() };
      this.byOrganization.set(key, entry);
    }
    return entry;
  }
}

async function readJson(request: Request): Promise<Json | null> {
  try {
    const body = await request.json();
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : null;
  } catch {
    return null;
  }
}

/** The picker's value as sent by the page: one `{ SignComponents, Components }` per approver. */
function placementsOf(value: unknown): Placement[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((entry) => (entry && typeof entry === 'object' ? (entry as Placement) : {}));
}

const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value.trim() : fallback);
const organizationOf = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * The demo partner site: static pages that embed the ess-kit components with one script tag, and a
 * small backend (`/api/...`) that holds the partner API key, mints browser tokens and calls the BFF's
 * partner scenario routes — the part every partner writes for themselves.
 */
export function createDemoApp(options: DemoOptions): Hono {
  const bff = new BffClient(options.bffUrl, options.partnerApiKey);
  const registry = new Registry();
  const app = new Hono();
  app.use('*', baselineHeaders());

  const page = (file: string) => async () =>
    new Response(await readFile(join(publicDir, file)), {
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    });
  app.get('/', page('index.html'));
  app.get('/events', page('events.html'));
  app.route('/', platformRoutes(options.platform ?? null, publicDir));

  app.get('/assets/ess-elements.js', async (c) => {
    try {
      return new Response(await readFile(options.bundleFile), {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
      });
    } catch {
      return c.json(
        demoError(
          'BUNDLE_MISSING',
          'The elements bundle is not built: run "npm run build -w @ess-kit/elements".',
        ),
        503,
      );
    }
  });
  // The field picker's own bundle and the pdf.js files it loads from beside it (assets/pdfjs/…),
  // straight from the elements' dist: loaded only when the page opens the picker step.
  const elementsDist = dirname(options.bundleFile);
  // The picker's bundle, and the elements' error text (errors of the page's own controls, by code).
  for (const name of ['ess-field-picker.js', 'ess-error-text.js']) {
    app.get(`/assets/${name}`, async (c) => {
      const file = await readFile(join(elementsDist, name)).catch(() => null);
      if (!file) return c.json(demoError('BUNDLE_MISSING', 'Run "npm run build -w @ess-kit/elements".'), 503);
      return new Response(file, {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
      });
    });
  }
  app.get('/assets/pdfjs/*', async (c) => {
    const rest = c.req.path.slice('/assets/pdfjs/'.length);
    const type = PDFJS_TYPES[extname(rest)];
    if (!type || rest.split('/').some((part) => part === '..' || part === '' || part.startsWith('.')))
      return c.json(demoError('NOT_FOUND', 'No such pdf.js file.'), 404);
    const file = await readFile(join(elementsDist, 'pdfjs', rest)).catch(() => null);
    if (!file) return c.json(demoError('NOT_FOUND', `No pdf.js file ${rest}.`), 404);
    return new Response(file, { headers: { 'content-type': type, 'cache-control': 'public, max-age=3600' } });
  });
  app.get('/assets/:file', async (c) => {
    const file = c.req.param('file');
    const type = STATIC_FILES[file];
    if (!type) return c.json(demoError('NOT_FOUND', `No asset named ${file}.`), 404);
    return new Response(await readFile(join(publicDir, file)), {
      headers: { 'content-type': type, 'cache-control': 'no-cache' },
    });
  });

  /** Settings the page needs: where the BFF is, the organizations it can act for, templates and defaults. */
  app.get('/api/setup', async (c) => {
    const [organizations, seed] = await Promise.all([
      bff.call('GET', '/v1/organizations'),
      options.emulatorUrl
        ? fetch(`${options.emulatorUrl}/_emulator/seed`, { signal: AbortSignal.timeout(5_000) })
            .then((r) => (r.ok ? r.json() : null))
            .catch(() => null)
        : null,
    ]);
    return c.json({
      bffUrl: options.bffUrl,
      emulatorUrl: options.emulatorUrl,
      organizations: organizations.status === 200 ? organizations.body : null,
      seed,
      presets: FILE_PRESETS,
      // Which contract statuses are final (shared's rule): the page disables Cancel on them.
      terminalFlowStatuses: Object.keys(FLOW_STATUS).map(Number).filter(isTerminalFlowStatus),
    });
  });

  app.get('/api/templates', async (c) => {
    const organizationId = organizationOf(c.req.query('organizationId'));
    const query = organizationId ? `?organizationId=${encodeURIComponent(organizationId)}` : '';
    const result = await bff.call('GET', `/v1/templates${query}`);
    return c.json(result.body as Json, result.status as 200);
  });

  /**
   * Mints a browser token for everything this site created for the organization (including the flows
   * people created by scanning its QR codes). `<ess-config token-url>` calls this, with cookies.
   */
  const mintToken = async (organizationId: string | undefined) => {
    const mine = registry.of(organizationId);
    for (const qrCodeId of mine.qrCodeIds) {
      const qr = await bff.call('GET', `/v1/qr-codes/${encodeURIComponent(qrCodeId)}`);
      const flowIds = (qr.body as { flowIds?: unknown }).flowIds;
      if (qr.status === 200 && Array.isArray(flowIds)) for (const id of flowIds) mine.flowIds.add(String(id));
    }
    return bff.call('POST', '/v1/tokens', {
      flowIds: [...mine.flowIds],
      templateIds: [...mine.templateIds],
      qrCodeIds: [...mine.qrCodeIds],
      ...(organizationId ? { organizationId } : {}),
      ttlSeconds: 900,
    });
  };
  app.on(['GET', 'POST'], '/api/token', async (c) => {
    const result = await mintToken(organizationOf(c.req.query('organizationId')));
    return c.json(result.body as Json, result.status as 200);
  });

  /** What this site created for the organization, so the page can show it again after a reload. */
  app.get('/api/contracts', (c) => {
    const mine = registry.of(organizationOf(c.req.query('organizationId')));
    return c.json({ flowIds: [...mine.flowIds], qrCodeIds: [...mine.qrCodeIds] });
  });

  /** Lets the page register a template it shows in an `<ess-qr-panel template-id>` (the token must name it). */
  app.post('/api/templates/:templateId/use', async (c) => {
    registry.of(organizationOf(c.req.query('organizationId'))).templateIds.add(c.req.param('templateId'));
    return c.json({ ok: true });
  });
  /** Remembers a QR code the panel created, so its flows can be shown (and tokens name them). */
  app.post('/api/qr-codes/:qrCodeId/remember', async (c) => {
    const qrCodeId = c.req.param('qrCodeId');
    const check = await bff.call('GET', `/v1/qr-codes/${encodeURIComponent(qrCodeId)}`);
    if (check.status !== 200) return c.json(check.body as Json, check.status as 404);
    registry.of(organizationOf(c.req.query('organizationId'))).qrCodeIds.add(qrCodeId);
    return c.json(check.body as Json);
  });

  /**
   * The approvers a preset sends, with their default sign components: the page hands them to
   * `<ess-field-picker>` (signers and starting boxes) before the contract is created.
   */
  app.post('/api/contracts/by-file/approvers', async (c) => {
    const body = await readJson(c.req.raw);
    const preset = body?.preset as FilePreset;
    if (!FILE_PRESETS.includes(preset))
      return c.json(demoError('BAD_PRESET', `preset must be one of ${FILE_PRESETS.join(', ')}.`), 400);
    const parties = (body?.parties ?? {}) as Parties;
    return c.json({
      Approvers: fileFlowApprovers(preset, {
        ...parties,
        ownOrganizationName: parties.ownOrganizationName ?? '',
      }),
    });
  });

  /**
   * The by-file scenario: the sample PDF (or the person's own) with one of the approver presets; the
   * components placed with the picker (`placements`, its `value`) replace the preset's default ones.
   */
  app.post('/api/contracts/by-file', async (c) => {
    const body = await readJson(c.req.raw);
    if (!body) return c.json(demoError('BAD_REQUEST', 'Send a JSON object.'), 400);
    const preset = body.preset as FilePreset;
    if (!FILE_PRESETS.includes(preset)) {
      return c.json(demoError('BAD_PRESET', `preset must be one of ${FILE_PRESETS.join(', ')}.`), 400);
    }
    const organizationId = organizationOf(body.organizationId);
    const parties = body.parties as Parties | undefined;
    if (!parties?.ownOrganizationName) {
      return c.json(demoError('BAD_PARTIES', 'parties.ownOrganizationName is required.'), 400);
    }
    if (preset.startsWith('silent') && !parties.silentSealId) {
      const seals = await bff.call(
        'GET',
        `/v1/seals${organizationId ? `?organizationId=${encodeURIComponent(organizationId)}` : ''}`,
      );
      const list = (seals.body as { Seals?: { SealId: string }[] } | null)?.Seals;
      parties.silentSealId = Array.isArray(list) ? list[0]?.SealId : undefined;
    }
    const pdf =
      text(body.pdfBase64) || (await readFile(join(publicDir, 'sample-contract.pdf'))).toString('base64');
    const result = await bff.call(
      'POST',
      '/v1/flows/by-file',
      {
        FlowName: text(body.flowName, 'ess-kit demo contract') || 'ess-kit demo contract',
        File: {
          Name: text(body.fileName, 'sample-contract.pdf') || 'sample-contract.pdf',
          ContentBase64: pdf,
        },
        Approvers: fileFlowApprovers(preset, parties, placementsOf(body.placements)),
        Unordered: body.unordered === true,
        ...(organizationId ? { ProxyOrganizationId: organizationId } : {}),
      },
      { 'idempotency-key': c.req.header('idempotency-key') ?? randomUUID() },
    );
    const flowId = (result.body as { FlowId?: string } | null)?.FlowId;
    if (result.status >= 200 && result.status < 300 && flowId)
      registry.of(organizationId).flowIds.add(flowId);
    return c.json(result.body as Json, result.status as 200);
  });

  /** The by-template scenario, with the template's form fields. */
  app.post('/api/contracts/by-template', async (c) => {
    const body = await readJson(c.req.raw);
    if (!body || typeof body.templateId !== 'string' || !Array.isArray(body.approvers)) {
      return c.json(
        demoError('BAD_REQUEST', 'Send { templateId, flowName, approvers: [...], formFields?: [...] }.'),
        400,
      );
    }
    const organizationId = organizationOf(body.organizationId);
    const result = await bff.call(
      'POST',
      '/v1/flows/by-template',
      {
        TemplateId: body.templateId,
        FlowName: text(body.flowName, 'ess-kit demo contract') || 'ess-kit demo contract',
        Approvers: body.approvers,
        ...(Array.isArray(body.formFields) && body.formFields.length ? { FormFields: body.formFields } : {}),
        ...(organizationId ? { ProxyOrganizationId: organizationId } : {}),
      },
      { 'idempotency-key': c.req.header('idempotency-key') ?? randomUUID() },
    );
    const flowId = (result.body as { FlowId?: string } | null)?.FlowId;
    if (result.status >= 200 && result.status < 300 && flowId)
      registry.of(organizationId).flowIds.add(flowId);
    return c.json(result.body as Json, result.status as 200);
  });

  app.post('/api/flows/:flowId/cancel', async (c) => {
    const body = await readJson(c.req.raw);
    const result = await bff.call('POST', `/v1/flows/${encodeURIComponent(c.req.param('flowId'))}/cancel`, {
      CancelMessage: text(body?.cancelMessage, 'Cancelled from the demo') || 'Cancelled from the demo',
    });
    return c.json(result.body as Json, result.status as 200);
  });

  // --- Development helpers: only meaningful against the emulator ---

  /** Moves the emulator's clock on, so deadlines pass and QR codes expire. */
  app.post('/api/emulator/clock', async (c) => {
    if (!options.emulatorUrl) return c.json(demoError('NO_EMULATOR', 'ESS is not the emulator here.'), 409);
    const body = await readJson(c.req.raw);
    const response = await fetch(`${options.emulatorUrl}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: Number(body?.advanceSeconds) || 0 }),
      signal: AbortSignal.timeout(10_000),
    });
    return c.json(await response.json(), response.status as 200);
  });

  /** The callbacks the emulator delivered (plaintext), for the `/events` debug page. */
  app.get('/api/debug/callbacks', async (c) => {
    if (!options.emulatorUrl) return c.json(demoError('NO_EMULATOR', 'ESS is not the emulator here.'), 409);
    const response = await fetch(`${options.emulatorUrl}/_emulator/callbacks`, {
      signal: AbortSignal.timeout(10_000),
    });
    return c.json(await response.json(), response.status as 200);
  });

  /**
   * The BFF's partner event stream (`GET /v1/partner/events`, partner key), relayed to the debug page
   * so the key stays here. Answers 204 when this BFF has no such stream; the page then falls back to
   * a browser-token stream of the demo's own flows.
   */
  app.get('/api/debug/stream', async (c) => {
    // First connection: replay the whole retained log, so the page shows what already happened;
    // a reconnect resumes after the last event the page saw.
    const lastEventId = c.req.header('last-event-id');
    const upstream = await fetch(`${options.bffUrl}/v1/partner/events${lastEventId ? '' : '?since=0'}`, {
      headers: {
        authorization: `Bearer ${options.partnerApiKey}`,
        accept: 'text/event-stream',
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      },
      signal: c.req.raw.signal,
    }).catch(() => null);
    // 204 tells EventSource "no stream here, do not reconnect" without a console error.
    if (!upstream?.ok || !upstream.body) {
      await upstream?.body?.cancel().catch(() => {});
      return c.body(null, 204);
    }
    c.header('content-type', 'text/event-stream');
    c.header('cache-control', 'no-cache');
    return stream(
      c,
      async (out) => {
        const reader = upstream.body!.getReader();
        // The page going away aborts the upstream fetch too, so cancel() and read() reject with
        // "aborted": that is the normal end of this stream, never an error to leave unhandled.
        out.onAbort(() => void reader.cancel().catch(() => {}));
        for (;;) {
          const { done, value } = await reader.read();
          if (done || out.aborted) break;
          await out.write(value);
        }
      },
      async () => {
        // The page closed (or the BFF went away) mid-read: nothing to report, the stream just ends.
      },
    );
  });

  app.notFound((c) => c.json(demoError('NOT_FOUND', `No demo route ${c.req.method} ${c.req.path}.`), 404));
  app.onError((error, c) => {
    console.error(`demo: ${c.req.method} ${c.req.path} failed: ${error.message}`);
    return c.json(
      demoError('DEMO_ERROR', 'The demo backend failed; see the terminal running npm start.'),
      500,
    );
  });
  return app;
}
