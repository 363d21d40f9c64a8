// The public surface promised in docs/internals.md, and the "Web Crypto only" promise of the main entry.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as shared from '../src/index.js';
import * as pdfText from '../src/pdf/text.js';
import { repoRoot } from './vectors.js';

describe('@ess-kit/shared exports', () => {
  it.each([
    'signTc3',
    'buildEssHeaders',
    'parseAuthorization',
    'encryptCallback',
    'decryptCallback',
    'parseCallbackDelivery',
    'signContentSignature',
    'verifyContentSignature',
    'CallbackError',
    'MAX_CALLBACK_BYTES',
    'normalizeCallback',
    'FLOW_STATUS',
    'SIGNER_STATUS',
    'flowStatusLabel',
    'signerStatusLabel',
    'isTerminalFlowStatus',
    'flowStatusRank',
    'shouldApplyFlowStatus',
    'pdfRectToComponent',
    'DEV_DEFAULTS',
    'ESS_VERSION',
  ])('exports %s', (name) => {
    expect(shared).toHaveProperty(name);
    expect((shared as Record<string, unknown>)[name]).toBeDefined();
  });

  it('keeps pdf.js out of the main entry and exports the PDF search from pdf-text', () => {
    expect(shared).not.toHaveProperty('findKeywordPositions');
    expect(typeof pdfText.findKeywordPositions).toBe('function');
    expect(typeof pdfText.findFormFields).toBe('function');
  });

  it('has DEV_DEFAULTS exactly as the table in docs/internals.md', () => {
    expect(shared.DEV_DEFAULTS).toEqual({
      emulatorPort: 8788,
      bffPort: 8787,
      demoPort: 8789,
      platformBffPort: 8790,
      emulatorSecretId: 'AKIDEssKitEmulator00000000000000',
      emulatorSecretKey: 'EssKitEmulatorSecretKey000000000',
      emulatorOperatorUserId: 'yDEssKitOperator0000000000000001',
      callbackKey: 'EssKitDevCallbackKey000000000000',
      callbackToken: 'ess-kit-dev-callback-token',
      partnerApiKey: 'dev-partner-key',
      tokenSecret: 'ess-kit-dev-token-secret-change-me-0000000000',
      platformAppId: 'yDEssKitPlatformApp0000000000001',
      platformCallbackKey: 'EssKitDevPlatformKey000000000000',
      platformCallbackToken: 'ess-kit-dev-platform-token',
    });
    expect(new TextEncoder().encode(shared.DEV_DEFAULTS.callbackKey)).toHaveLength(32);
    expect(new TextEncoder().encode(shared.DEV_DEFAULTS.platformCallbackKey)).toHaveLength(32);
    expect(shared.DEV_DEFAULTS.platformAppId).toMatch(/^yD[A-Za-z0-9]{30}$/);
    expect(shared.DEV_DEFAULTS.emulatorOperatorUserId).toMatch(/^yD[A-Za-z0-9]{30}$/);
    expect(Object.isFrozen(shared.DEV_DEFAULTS)).toBe(true);
    const table = readFileSync(path.join(repoRoot, 'docs/internals.md'), 'utf8');
    for (const value of Object.values(shared.DEV_DEFAULTS)) expect(table).toContain(String(value));
  });

  it('main-entry sources use no Node built-ins (Web Crypto and standard JS only)', () => {
    const src = path.join(repoRoot, 'packages/shared/src');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith(`pdf${path.sep}text`),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const code = withoutMutationHeader(readFileSync(path.join(src, file), 'utf8'));
      expect(code, file).not.toMatch(/from ['"](node:|fs['"]|path['"]|crypto['"]|buffer['"])/);
      expect(code, file).not.toMatch(/\bBuffer\.|\bprocess\.env\b|\brequire\(/);
    }
  });
});

/**
 * `npm run mutation` instruments these sources in place; Stryker's header reads `globalThis.process.env`
 * for its own switch and is not part of the package, so the scan skips it.
 */
function withoutMutationHeader(code: string): string {
  return code.replace(/^[\s\S]*?function stryMutAct_9fa48\(id\) \{[\s\S]*?return isActive\(id\);\s*\}/, '');
}
