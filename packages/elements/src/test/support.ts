// Browser-side helpers for the component tests: the real backend started by the test runner
// (scripts/wtr-backend.ts), fixtures, waiting, and small assertions.
import { configure, resetStores } from '../client/config.js';
import { EssStore } from '../client/store.js';
import type { FlowSnapshot, QrSnapshot } from '../client/types.js';

/** What the test runner started. */
export interface Backend {
  bffUrl: string;
  emulatorUrl: string;
  /** A BFF that allows only another origin than the test page's (CORS refusals). */
  refusingBffUrl: string;
  seed: {
    organization: { OrganizationId: string; OrganizationName: string };
    templates: { TemplateId: string; shape: string }[];
  };
}

let backendPromise: Promise<Backend> | null = null;

/** The running emulator and BFF. */
export function backend(): Promise<Backend> {
  backendPromise ??= fetch('/__ess/config').then(async (response) => {
    if (!response.ok) {
      const body = await response.text();
      throw new Error(`test backend not available: HTTP ${response.status} ${body}`);
    }
    return response.json() as Promise<Backend>;
  });
  return backendPromise;
}

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Calls the BFF as the partner backend (the dev server adds the partner key). */
export const partner = <T>(method: string, path: string, body?: unknown) =>
  call<T>('/__ess/bff', method, path, body);

/** Calls the emulator's control API (`/_emulator/...`). */
export const emulator = <T>(method: string, path: string, body?: unknown) =>
  call<T>('/__ess/emulator', method, path, body);

let people = 0;
const SURNAMES = '张王李赵刘陈杨黄周吴';
const GIVEN = '伟芳娜敏静丽强磊军洋';
function person() {
  people++;
  const name = SURNAMES[people % 10] + GIVEN[Math.floor(people / 10) % 10] + GIVEN[people % 7];
  return { ApproverName: name, ApproverMobile: `1380000${String(1000 + (people % 9000)).padStart(4, '0')}` };
}

/** Creates and starts a flow from a seeded template; returns the BFF's flow snapshot. */
export async function createFlow(
  shape: 'single-c' | 'b2c' | 'b2c-ordered-b-first' = 'single-c',
): Promise<FlowSnapshot> {
  const { seed } = await backend();
  const template = seed.templates.find((candidate) => candidate.shape === shape);
  if (!template) throw new Error(`no seeded template with shape ${shape}`);
  // The seeded templates' signers, in order (emulator seed: single-c = 乙方; b2c* = 甲方 company, 乙方 person).
  const company = { ApproverType: 0, OrganizationName: seed.organization.OrganizationName, ...person() };
  const Approvers =
    shape === 'single-c' ? [{ ApproverType: 1, ...person() }] : [company, { ApproverType: 1, ...person() }];
  const created = await partner<{ FlowId: string }>('POST', '/v1/flows/by-template', {
    TemplateId: template.TemplateId,
    FlowName: `测试合同 ${people}`,
    Approvers,
  });
  return partner<FlowSnapshot>('GET', `/v1/flows/${created.FlowId}`);
}

/** The TemplateId of a seeded template. */
export async function templateId(shape: string): Promise<string> {
  const { seed } = await backend();
  const template = seed.templates.find((candidate) => candidate.shape === shape);
  if (!template) throw new Error(`no seeded template with shape ${shape}`);
  return template.TemplateId;
}

/** Mints a browser token (what a partner's token endpoint would do). */
export async function mintToken(scope: {
  flowIds?: string[];
  templateIds?: string[];
  qrCodeIds?: string[];
  ttlSeconds?: number;
}) {
  return partner<{ token: string; expiresAt: string }>('POST', '/v1/tokens', scope);
}

/** Acts as a signer in the emulator. */
export function signAs(flowId: string, recipientId: string) {
  return emulator('POST', `/flows/${flowId}/approvers/${recipientId}/sign`, {});
}

/** Refuses as a signer in the emulator. */
export function refuseAs(flowId: string, recipientId: string, reason = '条款有误') {
  return emulator('POST', `/flows/${flowId}/approvers/${recipientId}/reject`, { reason });
}

/** Points every element at the real BFF with a token for these ids. */
export async function useBackend(scope: Parameters<typeof mintToken>[0]): Promise<string> {
  const { bffUrl } = await backend();
  const { token } = await mintToken(scope);
  configure({ bffUrl, token, store: undefined, getToken: undefined, tokenUrl: undefined });
  return token;
}

/** Builds a flow snapshot for fixture tests. */
export function flowFixture(overrides: Partial<FlowSnapshot> = {}): FlowSnapshot {
  return {
    flowId: 'yDfixtureFlow000000000000000001',
    flowStatus: 1,
    flowName: '劳动合同',
    flowMessage: null,
    deadline: 0,
    createdOn: Math.floor(Date.now() / 1000) - 60,
    unordered: false,
    updatedAt: new Date().toISOString(),
    eventId: null,
    approvers: [
      {
        recipientId: 'yDfixtureRecipient0000000000001',
        approverType: 'ORGANIZATION',
        approverName: '李经理',
        organizationName: '示例科技有限公司',
        approveStatus: 3,
        signOrder: 0,
        approveTime: null,
        approveMessage: null,
      },
      {
        recipientId: 'yDfixtureRecipient0000000000002',
        approverType: 'PERSON',
        approverName: '张三',
        organizationName: null,
        approveStatus: 2,
        signOrder: 1,
        approveTime: null,
        approveMessage: null,
      },
    ],
    ...overrides,
  };
}

/** A store fed only with fixtures (no network) holding the fixture flow, signed. */
export function signedFixtureStore(): EssStore {
  const store = new EssStore({ eventSource: null });
  store.seed(flowFixture({ flowStatus: 4 }));
  return store;
}

/** Builds a QR snapshot for fixture tests. */
export function qrFixture(overrides: Partial<QrSnapshot> = {}): QrSnapshot {
  return {
    qrCodeId: 'yDfixtureQr00000000000000000001',
    qrCodeUrl: 'https://ess.example/qr/yDfixtureQr00000000000000000001',
    templateId: 'yDfixtureTemplate00000000000001',
    flowName: '入职合同',
    maxFlowNum: 5,
    flowCount: 2,
    flowIds: [],
    expiredTime: Math.floor(Date.now() / 1000) + 3 * 86_400,
    state: 'active',
    failure: null,
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

const mounted: HTMLElement[] = [];

/** Mounts HTML in the document; removed by {@link cleanup}. Returns the first element. */
export function mount<T extends HTMLElement>(markup: string): T {
  const container = document.createElement('div');
  // Test-only markup written in the test files, never data from the BFF.
  container.innerHTML = markup;
  document.body.appendChild(container);
  mounted.push(container);
  return container.firstElementChild as T;
}

/** Removes mounted elements and resets configuration and stores. */
export function cleanup(): void {
  for (const container of mounted.splice(0)) container.remove();
  resetStores();
  configure({
    bffUrl: undefined,
    token: undefined,
    tokenUrl: undefined,
    getToken: undefined,
    store: undefined,
    locale: undefined,
    theme: undefined,
  });
  document.documentElement.lang = 'zh-CN';
}

/** Waits until `condition` returns a truthy value. */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  message: string,
  timeoutMs = 8000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resolves with the next event of `type` on `target`. */
export function nextEvent<T = unknown>(
  target: EventTarget,
  type: string,
  timeoutMs = 8000,
): Promise<CustomEvent<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(
      type,
      (event) => {
        clearTimeout(timer);
        resolve(event as CustomEvent<T>);
      },
      { once: true },
    );
  });
}

/** Text of an element's shadow root (whitespace collapsed). */
export function shadowText(element: Element): string {
  return (element.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Throws unless `condition` holds. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Throws unless `actual === expected`. */
export function equal<T>(actual: T, expected: T, message = ''): void {
  if (actual !== expected) {
    throw new Error(
      `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}${message ? ` — ${message}` : ''}`,
    );
  }
}

/** Throws unless `text` includes `part`. */
export function includes(text: string, part: string, message = ''): void {
  if (!text.includes(part))
    throw new Error(`expected "${text}" to include "${part}"${message ? ` — ${message}` : ''}`);
}

function loadScript(src: string, global: string): Promise<unknown> {
  const existing = (window as unknown as Record<string, unknown>)[global];
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve((window as unknown as Record<string, unknown>)[global]);
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

/** Runs axe-core on an element (including its shadow tree); throws listing any violation. */
export async function expectAccessible(element: Element): Promise<void> {
  const axe = (await loadScript('/node_modules/axe-core/axe.min.js', 'axe')) as {
    run(context: Element, options: object): Promise<AxeResult>;
  };
  const result = await axe.run(element, { resultTypes: ['violations'] });
  if (result.violations.length) {
    const details = result.violations
      .map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.help} @ ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      )
      .join('\n');
    throw new Error(`axe found violations:\n${details}`);
  }
}

/** Decodes the QR code drawn on a canvas with jsQR (an independent decoder). */
export async function decodeCanvas(canvas: HTMLCanvasElement): Promise<string | null> {
  const jsQR = (await loadScript('/node_modules/jsqr/dist/jsQR.js', 'jsQR')) as (
    data: Uint8ClampedArray,
    width: number,
    height: number,
  ) => { data: string } | null;
  const context = canvas.getContext('2d');
  if (!context) return null;
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(image.data, image.width, image.height)?.data ?? null;
}
