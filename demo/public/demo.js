// The demo partner site's page script: plain DOM, no framework. It only talks to its own backend
// (/api/...); the ess-kit components talk to the BFF with the short-lived tokens /api/token mints.

const $ = (selector, root = document) => root.querySelector(selector);
const ess = $('#ess');

const TEXT = {
  en: {
    tagline: 'Partner website demo · Tencent E-Sign via ess-kit',
    organization: 'Acting for',
    language: 'Language',
    dark: 'Dark',
    light: 'Light',
    eventsLink: 'Callbacks & events',
    byFileTitle: '1 · Start a contract from a PDF',
    byFileHint:
      'UploadFiles → CreateFlowByFiles. Pick the signers; the sample PDF is used unless you choose one.',
    preset: 'Signers',
    presetB2c: 'Company + person (B2C)',
    presetSingleB: 'Own company only (single B)',
    presetSingleC: 'Person only (single C)',
    presetB2b: 'Company + company (B2B)',
    presetSilentB: 'Own company, automatic (silent)',
    presetSilentB2c: 'Own company automatic + person',
    flowName: 'Contract name',
    ownOrg: 'Own company',
    employee: 'Employee (name / mobile)',
    person: 'Person (name / mobile)',
    otherCompany: 'Other company / signer / mobile',
    pdf: 'PDF (optional)',
    placeFields: 'Place the signing fields on the PDF',
    placeFieldsHint:
      'Drag the seal and signature boxes (or nudge them with the arrow keys); the contract is created with these positions.',
    unordered: 'Any signing order',
    startContract: 'Start contract',
    byTemplateTitle: '2 · Start a contract from a template',
    byTemplateHint:
      'DescribeFlowTemplates → CreateFlow → CreateDocument → StartFlow, done by the BFF in one call.',
    template: 'Template',
    approvers: 'Signers (Approvers, JSON)',
    formFields: 'Fields to fill (FormFields, JSON)',
    contractsTitle: '3 · My contracts',
    advanceClock: 'Emulator clock +400 days',
    contractsHint:
      'Statuses update live: sign or refuse in the emulator’s signing pages, or move the clock on to let them expire.',
    noFlows: 'No contracts yet.',
    qrTitle: '4 · One code, many signers',
    qrHint: 'Create a QR code from a template; every "scan" creates a contract.',
    maxFlows: 'Max contracts',
    createQr: 'Create QR code',
    cancelFlow: 'Cancel',
    scanLink: 'Simulate a scan (emulator)',
    creating: 'Starting …',
    created: 'Started',
  },
};
const original = new Map();
for (const node of document.querySelectorAll('[data-i18n]')) original.set(node, node.textContent);
const ZH_EXTRA = {
  light: '浅色',
  dark: '深色',
  scanLink: '模拟扫码 (模拟器)',
  creating: '正在发起 …',
  created: '已发起',
};

/** The elements' error text (loaded in main()); until then errors show their own message. */
let errorText = null;

const state = {
  locale: localStorage.getItem('demo.locale') || 'zh-CN',
  theme: localStorage.getItem('demo.theme') || 'light',
  organizationId: '',
  setup: null,
  templates: [],
  tokenVersion: 0,
};

function t(key) {
  if (state.locale === 'en') return TEXT.en[key] ?? key;
  return ZH_EXTRA[key] ?? key;
}

function applyLocale() {
  document.documentElement.lang = state.locale;
  ess.setAttribute('locale', state.locale);
  for (const node of document.querySelectorAll('[data-i18n]')) {
    const key = node.dataset.i18n;
    if (!original.has(node)) original.set(node, node.textContent);
    node.textContent = state.locale === 'en' ? (TEXT.en[key] ?? original.get(node)) : original.get(node);
  }
  applyTheme();
}

function applyTheme() {
  document.documentElement.dataset.theme = state.theme;
  ess.setAttribute('theme', state.theme);
  const button = $('#theme');
  button.setAttribute('aria-pressed', String(state.theme === 'dark'));
  button.textContent = state.theme === 'dark' ? t('light') : t('dark');
}

/**
 * Points the components at a fresh token: tokens name the flows they may read, so after creating a
 * flow the page asks its backend for a token that includes it.
 */
function refreshToken() {
  state.tokenVersion++;
  globalThis.EssKit?.reset?.();
  const query = new URLSearchParams({ v: String(state.tokenVersion) });
  if (state.organizationId) query.set('organizationId', state.organizationId);
  ess.setAttribute('token-url', `/api/token?${query}`);
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers:
      body === undefined
        ? {}
        : { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? { code: `HTTP_${response.status}`, message: response.statusText };
    throw Object.assign(new Error(`${error.code}: ${error.message}`), {
      code: error.code,
      status: response.status,
      detail: error.message,
    });
  }
  return data;
}

const orgQuery = () =>
  state.organizationId ? `?organizationId=${encodeURIComponent(state.organizationId)}` : '';

function organizationName() {
  const seed = state.setup?.seed;
  if (!state.organizationId) return seed?.organization?.OrganizationName ?? '';
  const member = seed?.groupMembers?.find((m) => m.ProxyOrganizationId === state.organizationId);
  return member?.OrganizationName ?? '';
}

function renderOrganizations() {
  const select = $('#organization');
  const seed = state.setup?.seed;
  const main = seed?.organization?.OrganizationName ?? 'Main organization';
  const members = seed?.groupMembers ?? state.setup?.organizations?.Organizations ?? [];
  select.replaceChildren(new Option(main, ''));
  for (const member of members) {
    const id = member.ProxyOrganizationId ?? member.OrganizationId;
    select.append(new Option(`↳ ${member.OrganizationName ?? id}`, id));
  }
  select.value = state.organizationId;
}

function addFlow(list, flowId, flowName) {
  if (list.querySelector(`[data-flow-id="${CSS.escape(flowId)}"]`)) return;
  const item = $('#flow-template').content.firstElementChild.cloneNode(true);
  item.dataset.flowId = flowId;
  $('.flow-name', item).textContent = flowName ?? '';
  $('.flow-id', item).textContent = flowId;
  const badge = $('ess-status-badge', item);
  badge.setAttribute('flow-id', flowId);
  $('ess-download-button', item).setAttribute('flow-id', flowId);
  const cancel = $('.cancel', item);
  badge.addEventListener('ess-status-change', (event) => {
    // A finished contract (signed, refused, cancelled, expired, …) has nothing left to cancel.
    item.dataset.finished = String(state.setup?.terminalFlowStatuses?.includes(event.detail.status) ?? false);
    cancel.disabled = item.dataset.finished === 'true';
    renderSigners(item, event.detail.flow);
  });
  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      await api('POST', `/api/flows/${encodeURIComponent(flowId)}/cancel`, {
        cancelMessage: 'Cancelled from the demo',
      });
    } catch (error) {
      notice(error);
      cancel.disabled = item.dataset.finished === 'true';
    }
  });
  for (const node of item.querySelectorAll('[data-i18n]')) original.set(node, node.textContent);
  list.prepend(item);
  $('#no-flows').hidden = $('#flow-list').children.length > 0;
  applyLocale();
}

/** One sign button per signer that signs by hand (silent company signers sign by themselves). */
function renderSigners(item, flow) {
  if (!flow) return;
  const name = $('.flow-name', item);
  if (!name.textContent) name.textContent = flow.flowName;
  const signers = $('.signers', item);
  if (signers.childElementCount > 0) return;
  for (const approver of flow.approvers) {
    if (approver.approverType === 'ENTERPRISESERVER') continue;
    const wrap = document.createElement('span');
    wrap.className = 'signer';
    const label = document.createElement('span');
    label.textContent = approver.organizationName
      ? `${approver.organizationName} · ${approver.approverName ?? ''}`
      : (approver.approverName ?? '');
    const button = document.createElement('ess-sign-button');
    button.setAttribute('flow-id', flow.flowId);
    button.setAttribute('recipient-id', approver.recipientId);
    button.setAttribute('end-point', 'HTTP');
    wrap.append(label, button);
    signers.append(wrap);
  }
}

async function loadContracts() {
  $('#flow-list').replaceChildren();
  $('#qr-flow-list').replaceChildren();
  $('#qr-area').replaceChildren();
  const mine = await api('GET', `/api/contracts${orgQuery()}`);
  refreshToken();
  for (const flowId of [...mine.flowIds].reverse()) addFlow($('#flow-list'), flowId);
  $('#no-flows').hidden = mine.flowIds.length > 0;
}

async function loadTemplates() {
  const data = await api('GET', `/api/templates${orgQuery()}`).catch(() => ({ Templates: [] }));
  state.templates = data.Templates ?? [];
  for (const select of document.querySelectorAll('select[name="templateId"]')) {
    select.replaceChildren(
      ...state.templates.map(
        (tpl) => new Option(`${tpl.TemplateName} (${shapeOf(tpl) ?? tpl.TemplateId})`, tpl.TemplateId),
      ),
    );
  }
  fillTemplateForm();
}

function shapeOf(template) {
  const seed = state.setup?.seed;
  const all = [...(seed?.templates ?? []), ...(seed?.groupMembers ?? []).flatMap((m) => m.templates ?? [])];
  return all.find((tpl) => tpl.TemplateId === template.TemplateId)?.shape ?? null;
}

/** Pre-fills the template form's Approvers and FormFields from the template's recipients and fields. */
function fillTemplateForm() {
  const form = $('#by-template-form');
  const template = state.templates.find((tpl) => tpl.TemplateId === form.templateId.value);
  if (!template) return;
  const silent = (shapeOf(template) ?? '').includes('silent');
  const fields = new FormData($('#by-file-form'));
  let companies = 0;
  const approvers = (template.Recipients ?? [])
    .filter((recipient) => recipient.RecipientType !== 'PROMOTER')
    .map((recipient) => {
      if (recipient.RecipientType === 'INDIVIDUAL') {
        return {
          ApproverType: 1,
          ApproverName: fields.get('personName'),
          ApproverMobile: fields.get('personMobile'),
        };
      }
      companies++;
      if (companies === 1 && silent) return { ApproverType: 3 };
      return companies === 1
        ? {
            ApproverType: 0,
            OrganizationName: organizationName(),
            ApproverName: fields.get('employeeName'),
            ApproverMobile: fields.get('employeeMobile'),
          }
        : {
            ApproverType: 0,
            OrganizationName: fields.get('otherOrganizationName'),
            ApproverName: fields.get('otherName'),
            ApproverMobile: fields.get('otherMobile'),
          };
    });
  form.approvers.value = JSON.stringify(approvers, null, 2);
  const fillable = (template.Components ?? []).filter((component) => component.ComponentName);
  form.formFields.value = JSON.stringify(
    fillable.map((component) => ({ ComponentName: component.ComponentName, ComponentValue: 'ess-kit demo' })),
    null,
    2,
  );
}

/**
 * The text for an error in the page's language, chosen by its code as the elements choose theirs
 * (/assets/ess-error-text.js); the code and the server's message are only the tooltip.
 */
function describeError(error) {
  if (typeof error === 'string') return { text: error, title: '' };
  const code = error?.code ?? (error instanceof TypeError ? 'NETWORK' : undefined);
  const detail = error?.detail ?? error?.message ?? '';
  const text = errorText
    ? errorText({ code, status: error?.status, message: detail }, state.locale)
    : (error?.message ?? String(error));
  return { text, title: code ? `${code}: ${detail}` : detail };
}

/** Shows a problem at the top of the page (never a blocking dialog): a message, or an error. */
function notice(problem) {
  const box = $('#notice');
  const { text, title } = problem ? describeError(problem) : { text: '', title: '' };
  box.textContent = text;
  box.title = title;
  box.hidden = !text;
}

function status(form, message, isError = false) {
  const out = $('.status', form);
  const { text, title } = isError ? describeError(message) : { text: message, title: '' };
  out.textContent = text;
  out.title = title;
  out.classList.toggle('error', isError);
}

async function fileAsBase64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The people of the by-file form, as the demo backend's presets take them. */
function partiesOf(data) {
  return {
    ownOrganizationName: data.get('ownOrganizationName'),
    employee: { name: data.get('employeeName'), mobile: data.get('employeeMobile') },
    person: { name: data.get('personName'), mobile: data.get('personMobile') },
    otherCompany: {
      organizationName: data.get('otherOrganizationName'),
      name: data.get('otherName'),
      mobile: data.get('otherMobile'),
    },
  };
}

/**
 * The picker step: the preset's signers (and, unless `keepPlacement`, its default boxes as a start)
 * go into <ess-field-picker>; what the person places there is sent with the contract.
 */
async function refreshPicker({ keepPlacement = false } = {}) {
  const picker = $('#picker');
  const data = new FormData($('#by-file-form'));
  const { Approvers } = await api('POST', '/api/contracts/by-file/approvers', {
    preset: data.get('preset'),
    parties: partiesOf(data),
  });
  picker.approvers = Approvers.map(({ ApproverType, ApproverName, OrganizationName }) => ({
    ApproverType,
    ...(ApproverName ? { ApproverName } : {}),
    ...(OrganizationName ? { OrganizationName } : {}),
  }));
  if (!keepPlacement)
    picker.value = Approvers.map((approver) => ({ SignComponents: approver.SignComponents ?? [] }));
}

async function setUpPicker() {
  await import('/assets/ess-field-picker.js');
  const form = $('#by-file-form');
  const picker = $('#picker');
  picker.src = '/assets/sample-contract.pdf';
  form.pdf.addEventListener('change', () => {
    const file = form.pdf.files?.[0];
    if (file) picker.file = file;
    else {
      picker.file = undefined;
      picker.src = '/assets/sample-contract.pdf';
    }
  });
  form.preset.addEventListener('change', () => refreshPicker().catch((error) => notice(error)));
  for (const input of form.querySelectorAll('input:not([type="file"]):not([type="checkbox"])'))
    input.addEventListener('change', () => refreshPicker({ keepPlacement: true }).catch((e) => notice(e)));
  await refreshPicker();
}

$('#by-file-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const data = new FormData(form);
  const file = data.get('pdf');
  status(form, t('creating'));
  try {
    const result = await api('POST', '/api/contracts/by-file', {
      preset: data.get('preset'),
      flowName: data.get('flowName'),
      organizationId: state.organizationId || undefined,
      unordered: data.get('unordered') === 'on',
      ...(file instanceof File && file.size > 0
        ? { pdfBase64: await fileAsBase64(file), fileName: file.name }
        : {}),
      parties: partiesOf(data),
      // The placement from the picker step (one { SignComponents, Components } per signer).
      placements: $('#picker').value,
    });
    status(form, `${t('created')}: ${result.FlowId} (${result.ContractType ?? ''})`);
    refreshToken();
    addFlow($('#flow-list'), result.FlowId, data.get('flowName'));
  } catch (error) {
    status(form, error, true);
  }
});

$('#by-template-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  status(form, t('creating'));
  try {
    const result = await api('POST', '/api/contracts/by-template', {
      templateId: form.templateId.value,
      flowName: form.flowName.value,
      approvers: JSON.parse(form.approvers.value || '[]'),
      formFields: JSON.parse(form.formFields.value || '[]'),
      organizationId: state.organizationId || undefined,
    });
    status(form, `${t('created')}: ${result.FlowId} (${result.ContractType ?? ''})`);
    refreshToken();
    addFlow($('#flow-list'), result.FlowId, form.flowName.value);
  } catch (error) {
    status(form, error instanceof SyntaxError ? `JSON: ${error.message}` : error, true);
  }
});
$('#by-template-form').templateId.addEventListener('change', fillTemplateForm);

$('#qr-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const templateId = form.templateId.value;
  // The token must name the template before the panel can create a QR code from it.
  await api('POST', `/api/templates/${encodeURIComponent(templateId)}/use${orgQuery()}`, {});
  refreshToken();
  const panel = document.createElement('ess-qr-panel');
  panel.setAttribute('template-id', templateId);
  panel.setAttribute(
    'flow-name',
    `${state.templates.find((tpl) => tpl.TemplateId === templateId)?.TemplateName ?? 'QR'} (QR)`,
  );
  panel.setAttribute('max-flows', form.maxFlows.value);
  panel.addEventListener('ess-qr-created', (created) =>
    watchQr(panel, created.detail.qrCode ?? created.detail),
  );
  $('#qr-area').prepend(panel);
});

/** Shows the flows people create by scanning, as they appear (polled through the demo backend). */
function watchQr(panel, qrCode) {
  const qrCodeId = qrCode?.qrCodeId;
  if (!qrCodeId) return;
  const link = document.createElement('a');
  link.href = qrCode.qrCodeUrl;
  link.target = '_blank';
  link.rel = 'noopener';
  link.dataset.i18n = 'scanLink';
  link.textContent = t('scanLink');
  panel.after(link);
  let known = 0;
  const poll = async () => {
    if (!panel.isConnected) return;
    const snapshot = await api(
      'POST',
      `/api/qr-codes/${encodeURIComponent(qrCodeId)}/remember${orgQuery()}`,
      {},
    ).catch(() => null);
    if (snapshot && snapshot.flowIds.length > known) {
      known = snapshot.flowIds.length;
      refreshToken();
      for (const flowId of snapshot.flowIds) addFlow($('#qr-flow-list'), flowId);
    }
    setTimeout(poll, 2000);
  };
  void poll();
}

$('#advance-clock').addEventListener('click', () =>
  api('POST', '/api/emulator/clock', { advanceSeconds: 400 * 86_400 }).catch((e) => notice(e)),
);
$('#locale').addEventListener('change', (event) => {
  state.locale = event.target.value;
  localStorage.setItem('demo.locale', state.locale);
  applyLocale();
});
$('#theme').addEventListener('click', () => {
  state.theme = state.theme === 'dark' ? 'light' : 'dark';
  localStorage.setItem('demo.theme', state.theme);
  applyTheme();
});
$('#organization').addEventListener('change', async (event) => {
  state.organizationId = event.target.value;
  $('#by-file-form').ownOrganizationName.value = organizationName();
  await Promise.all([loadContracts(), loadTemplates(), refreshPicker({ keepPlacement: true })]);
});

async function main() {
  $('#locale').value = state.locale;
  applyLocale();
  ({ errorText } = await import('/assets/ess-error-text.js'));
  state.setup = await api('GET', '/api/setup');
  ess.setAttribute('bff-url', state.setup.bffUrl);
  renderOrganizations();
  $('#by-file-form').ownOrganizationName.value = organizationName();
  $('#advance-clock').hidden = !state.setup.emulatorUrl;
  await Promise.all([loadContracts(), loadTemplates(), setUpPicker()]);
  document.body.dataset.ready = 'true';
}
main().catch((error) => {
  document.body.dataset.ready = 'error';
  console.error(error);
  notice(`Demo setup failed: ${error.message}`);
});
