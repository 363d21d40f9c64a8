// The self-contained bundle under a strict Content-Security-Policy: no inline script or style,
// no eval. The page is served by the test backend (scripts/wtr-backend.ts, /__ess/csp.html).
import { assert, equal, includes } from './test/support.js';

interface CspResult {
  violations: string[];
  label?: string;
  pillRadius?: string | null;
  canvasWidth?: number;
  pickerPages?: number;
  pickerBoxLeft?: string | null;
  error?: string;
}

describe('strict CSP', () => {
  it('renders styled components with no CSP violation', async () => {
    const frame = document.createElement('iframe');
    const result = new Promise<CspResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the CSP page did not report within 14 s')), 14_000);
      window.addEventListener('message', function onMessage(event: MessageEvent) {
        if (event.data?.type !== 'csp-result') return;
        clearTimeout(timer);
        window.removeEventListener('message', onMessage);
        resolve(event.data as CspResult);
      });
    });
    frame.src = '/__ess/csp.html';
    document.body.appendChild(frame);
    try {
      const report = await result;
      equal(report.error, undefined, 'the bundle ran');
      equal(report.violations.join('; '), '', 'no CSP violations');
      includes(report.label ?? '', 'Partially signed');
      equal(report.pillRadius, '999px', 'component styles applied');
      assert((report.canvasWidth ?? 0) >= 160, 'QR canvas sized through the CSSOM');
      equal(report.pickerPages, 6, 'the field picker opened the PDF with pdf.js and its worker');
      equal(report.pickerBoxLeft, '100px', 'picker boxes placed through the CSSOM');
    } finally {
      frame.remove();
    }
  });
});
