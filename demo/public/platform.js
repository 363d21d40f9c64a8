// The demo's 第三方应用 page: plain DOM, talking only to its own backend (/api/platform/...). With
// ?subCompany=<OpenId> it is that sub-company's page: its contracts, with the usual elements and a
// token the backend mints for that sub-company alone.

const $ = (selector, root = document) => root.querySelector(selector);
const ess = $('#ess');
const subCompanyId = new URLSearchParams(location.search).get('subCompany');
let tokenVersion = 0;

function notice(message) {
  const box = $('#notice');
  box.textContent = message;
  box.hidden = !message;
}

async function api(method, path) {
  const response = await fetch(path, {
    method,
    headers: method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {},
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? { code: `HTTP_${response.status}`, message: response.statusText };
    throw Object.assign(new Error(`${error.code}: ${error.message}`), {
      code: error.code,
      details: error.details,
    });
  }
  return data;
}

function renderOverview(setup) {
  const list = $('#sub-companies');
  list.replaceChildren();
  for (const sub of setup.subCompanies) {
    const item = document.createElement('li');
    item.className = 'flow';
    item.dataset.openId = sub.openId;
    item.dataset.activated = String(sub.activated);
    const name = document.createElement('strong');
    name.textContent = sub.name;
    const status = document.createElement('span');
    status.className = 'status';
    status.textContent = sub.activated ? '已开通 onboarded' : '未开通 not onboarded';
    const open = document.createElement('a');
    open.className = 'open';
    open.href = `/platform?subCompany=${encodeURIComponent(sub.openId)}`;
    open.textContent = '打开子客页面 Open its page';
    item.append(name, ' ', status, ' ', open);
    if (!sub.activated && sub.onboardingUrl) {
      const onboard = document.createElement('a');
      onboard.className = 'onboard';
      onboard.href = sub.onboardingUrl;
      onboard.target = '_blank';
      onboard.rel = 'noopener';
      onboard.textContent = '开通 Onboard';
      item.append(' ', onboard);
    }
    list.append(item);
  }
  $('#overview').hidden = false;
}

function refreshToken() {
  tokenVersion++;
  globalThis.EssKit?.reset?.();
  const query = new URLSearchParams({ organizationId: subCompanyId, v: String(tokenVersion) });
  ess.setAttribute('token-url', `/api/platform/token?${query}`);
}

function addContract(flowId) {
  const list = $('#contracts');
  if (list.querySelector(`[data-flow-id="${CSS.escape(flowId)}"]`)) return;
  const item = document.createElement('li');
  item.className = 'flow';
  item.dataset.flowId = flowId;
  const id = document.createElement('code');
  id.className = 'flow-id';
  id.textContent = flowId;
  const badge = document.createElement('ess-status-badge');
  badge.setAttribute('flow-id', flowId);
  item.append(id, ' ', badge);
  list.prepend(item);
  $('#no-contracts').hidden = true;
}

async function showSubCompany(setup) {
  const sub = setup.subCompanies.find((s) => s.openId === subCompanyId);
  if (!sub) return notice(`No demo sub-company ${subCompanyId}`);
  $('#sub-name').textContent = sub.name;
  $('#sub-open-id').textContent = sub.openId;
  const status = $('#sub-status');
  status.textContent = sub.activated ? '已开通 onboarded' : '未开通 not onboarded';
  status.dataset.activated = String(sub.activated);
  if (!sub.activated && sub.onboardingUrl) {
    $('#onboard-link').href = sub.onboardingUrl;
    $('#onboard-hint').hidden = false;
  }
  $('#sub-company').hidden = false;
  const { flowIds } = await api(
    'GET',
    `/api/platform/contracts?organizationId=${encodeURIComponent(sub.openId)}`,
  );
  if (flowIds.length) {
    refreshToken();
    for (const flowId of flowIds) addContract(flowId);
  }
  $('#create').addEventListener('click', async () => {
    notice('');
    try {
      const created = await api(
        'POST',
        `/api/platform/contracts?organizationId=${encodeURIComponent(sub.openId)}`,
      );
      refreshToken();
      addContract(created.FlowId);
    } catch (error) {
      // Not onboarded yet: the BFF's 409 carries the onboarding link.
      const link = error.details?.onboardingUrl;
      if (error.code === 'ORGANIZATION_NOT_ONBOARDED' && link) {
        $('#onboard-link').href = link;
        $('#onboard-hint').hidden = false;
      }
      notice(error.message);
    }
  });
}

try {
  const setup = await api('GET', '/api/platform/setup');
  ess.setAttribute('bff-url', setup.bffUrl);
  if (subCompanyId) await showSubCompany(setup);
  else renderOverview(setup);
  document.body.dataset.ready = 'true';
} catch (error) {
  notice(error.message);
  document.body.dataset.ready = 'error';
}
