// The /events debug page: what ESS (the emulator) delivered to the BFF, and what the BFF pushed.
const $ = (selector) => document.querySelector(selector);

function entry(title, body) {
  const item = document.createElement('li');
  item.className = 'flow';
  const head = document.createElement('strong');
  head.textContent = title;
  const pre = document.createElement('div');
  pre.textContent = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  item.append(head, pre);
  return item;
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text ?? '';
  }
}

async function loadCallbacks() {
  const list = $('#callbacks');
  const response = await fetch('/api/debug/callbacks');
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    list.replaceChildren(entry('Not available', data?.error?.message ?? `HTTP ${response.status}`));
    return;
  }
  const deliveries = Array.isArray(data) ? data : (data?.deliveries ?? data?.callbacks ?? []);
  list.replaceChildren(
    ...deliveries
      .slice()
      .reverse()
      .map((delivery) => {
        const outcome = (delivery.attempts ?? []).map((a) => a.httpStatus ?? a.error ?? '?').join(' → ');
        const title = `${delivery.msgType ?? delivery.MsgType ?? 'callback'} → ${delivery.target?.url ?? delivery.url ?? ''}  [${outcome || ''}${delivery.status ? ` ${delivery.status}` : ''}]`;
        return entry(title, pretty(delivery.plaintext));
      }),
  );
  if (deliveries.length === 0)
    list.replaceChildren(entry('No callbacks yet', 'Start and sign a contract on the demo page.'));
}

function show(kind, id, data) {
  const list = $('#pushed');
  list.prepend(
    entry(`${new Date().toLocaleTimeString()}  event: ${kind}${id ? `  id: ${id}` : ''}`, pretty(data)),
  );
  while (list.children.length > 200) list.lastElementChild.remove();
}

function listen(source) {
  // Browser stream: snapshot, flow, qr, resync. Partner stream: one event name per callback family.
  for (const kind of [
    'snapshot',
    'flow',
    'qr',
    'resync',
    'seal',
    'template',
    'staff',
    'fee',
    'unknown',
    'message',
  ]) {
    source.addEventListener(kind, (event) => {
      show(kind, event.lastEventId, event.data);
      if (kind !== 'snapshot') void loadCallbacks();
    });
  }
}

/**
 * Prefers the BFF's partner stream (every event of the organization, relayed by the demo backend);
 * falls back to the browser stream of the demo's own flows, with a token from /api/token.
 */
async function connect() {
  const partner = new EventSource('/api/debug/stream');
  const opened = await new Promise((resolve) => {
    partner.onopen = () => resolve(true);
    partner.onerror = () => {
      if (partner.readyState === EventSource.CLOSED) resolve(false);
    };
  });
  if (opened) {
    $('#stream-source').textContent =
      'From the BFF partner stream GET /v1/partner/events (every event of the organization).';
    listen(partner);
    return;
  }
  const [setup, token, mine] = await Promise.all([
    fetch('/api/setup').then((r) => r.json()),
    fetch('/api/token').then((r) => r.json()),
    fetch('/api/contracts').then((r) => r.json()),
  ]);
  if (!token.token) {
    $('#stream-source').textContent = `No token: ${token.error?.message ?? 'unknown error'}`;
    return;
  }
  const query = new URLSearchParams({ token: token.token });
  if (mine.flowIds.length) query.set('flowIds', mine.flowIds.join(','));
  if (mine.qrCodeIds.length) query.set('qrCodeIds', mine.qrCodeIds.join(','));
  $('#stream-source').textContent =
    `From the browser stream GET /v1/events for the demo's ${mine.flowIds.length} flows and ${mine.qrCodeIds.length} QR codes (reload after creating more).`;
  listen(new EventSource(`${setup.bffUrl}/v1/events?${query}`));
}

$('#reload-callbacks').addEventListener('click', () => void loadCallbacks());
void loadCallbacks();
void connect();
