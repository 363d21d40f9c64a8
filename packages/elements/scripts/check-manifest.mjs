// Checks custom-elements.json: each of the five components (and <ess-config>) is listed with its
// attributes, events, CSS parts and CSS custom properties. Prints a one-line summary per element.
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../custom-elements.json', import.meta.url), 'utf8'));
const expected = {
  'ess-status-badge': {
    attributes: ['flow-id', 'status', 'locale', 'bff-url'],
    events: ['ess-status-change', 'ess-error'],
  },
  'ess-sign-button': {
    attributes: ['flow-id', 'recipient-id', 'end-point', 'path-type', 'disabled'],
    events: ['ess-sign-open', 'ess-error'],
  },
  'ess-qr-panel': {
    attributes: [
      'flow-id',
      'template-id',
      'qr-code-id',
      'flow-name',
      'max-flows',
      'flow-effective-days',
      'qr-effective-days',
      'state',
    ],
    events: ['ess-qr-created', 'ess-qr-state-change', 'ess-qr-cancelled', 'ess-error'],
  },
  'ess-download-button': {
    attributes: ['flow-id', 'file-type', 'file-name', 'disabled'],
    events: ['ess-download', 'ess-error'],
  },
  'ess-field-picker': {
    attributes: ['src', 'approvers', 'zoom', 'pdfjs-base'],
    events: ['ess-fields-change', 'ess-error'],
  },
};
const elements = new Map();
for (const module of manifest.modules ?? []) {
  for (const declaration of module.declarations ?? []) {
    if (declaration.customElement && declaration.tagName) elements.set(declaration.tagName, declaration);
  }
}
const problems = [];
for (const [tag, want] of Object.entries(expected)) {
  const element = elements.get(tag);
  if (!element) {
    problems.push(`${tag}: missing`);
    continue;
  }
  const attributes = (element.attributes ?? []).map((attribute) => attribute.name);
  const events = (element.events ?? []).map((event) => event.name);
  for (const name of want.attributes)
    if (!attributes.includes(name)) problems.push(`${tag}: attribute ${name} missing`);
  for (const name of want.events) if (!events.includes(name)) problems.push(`${tag}: event ${name} missing`);
  if (!element.cssParts?.length) problems.push(`${tag}: no CSS parts`);
  if (!element.cssProperties?.length) problems.push(`${tag}: no CSS custom properties`);
  if (!element.summary) problems.push(`${tag}: no summary`);
  console.log(
    `elements: custom-elements.json ${tag}: ${attributes.length} attributes, ${events.length} events, ${element.cssParts?.length ?? 0} parts, ${element.cssProperties?.length ?? 0} CSS properties`,
  );
}
if (problems.length) {
  console.error(`custom-elements.json is incomplete:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
