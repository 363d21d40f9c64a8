// Runs inside /__ess/csp.html (strict CSP, see scripts/wtr-backend.ts): loads the self-contained
// bundle, renders components from fixtures, and reports violations and rendering to the parent.
const violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective}: ${event.blockedURI || event.sourceFile}`);
});

const report = (result) => window.parent.postMessage({ type: 'csp-result', ...result }, '*');

try {
  await import('/packages/elements/dist/ess-elements.js');
  const kit = globalThis.EssKit;
  const store = kit.fixtureStore();
  const now = Math.floor(Date.now() / 1000);
  store.seed({
    flowId: 'yDcspFlow0000000000000000000001',
    flowStatus: 2,
    flowName: 'CSP',
    flowMessage: null,
    deadline: now + 86_400,
    createdOn: now,
    unordered: true,
    updatedAt: new Date().toISOString(),
    eventId: null,
    approvers: [],
  });
  store.seedQr({
    qrCodeId: 'yDcspQr000000000000000000000001',
    qrCodeUrl: 'https://ess.example/qr/csp',
    templateId: 'yDcspTemplate000000000000000001',
    flowName: 'CSP',
    maxFlowNum: 5,
    flowCount: 1,
    flowIds: [],
    expiredTime: now + 86_400,
    state: 'active',
    failure: null,
    updatedAt: new Date().toISOString(),
  });
  kit.configure({ store, locale: 'en' });
  const badge = document.createElement('ess-status-badge');
  badge.setAttribute('flow-id', 'yDcspFlow0000000000000000000001');
  const panel = document.createElement('ess-qr-panel');
  panel.setAttribute('qr-code-id', 'yDcspQr000000000000000000000001');
  document.body.append(badge, panel);
  await badge.updateComplete;
  await panel.updateComplete;
  // The field picker (its own bundle) with pdf.js and its worker from dist/pdfjs/.
  await import('/packages/elements/dist/ess-field-picker.js');
  const picker = document.createElement('ess-field-picker');
  picker.value = [
    {
      SignComponents: [
        {
          ComponentType: 'SIGN_SEAL',
          FileIndex: 0,
          ComponentPage: 1,
          ComponentPosX: 100,
          ComponentPosY: 50,
          ComponentWidth: 120,
          ComponentHeight: 120,
        },
      ],
    },
  ];
  picker.setAttribute('src', '/__ess/fixtures/geometry.pdf');
  document.body.append(picker);
  for (let i = 0; i < 200 && !picker.doc; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  await picker.updateComplete;
  await new Promise((resolve) => setTimeout(resolve, 100));
  const box = picker.shadowRoot.querySelector('[part~="box"]');
  const pill = badge.shadowRoot.querySelector('[part~="badge"]');
  const canvas = panel.shadowRoot.querySelector('canvas');
  report({
    violations,
    label: badge.shadowRoot.textContent.replace(/\s+/g, ' ').trim(),
    // Styles applied (adopted stylesheets are allowed by style-src 'self'): the pill is rounded.
    pillRadius: pill ? getComputedStyle(pill).borderTopLeftRadius : null,
    canvasWidth: canvas ? canvas.getBoundingClientRect().width : 0,
    pickerPages: picker.shadowRoot.querySelectorAll('[part="page"]').length,
    pickerBoxLeft: box ? getComputedStyle(box).left : null,
  });
} catch (error) {
  report({ violations, error: String(error) });
}
