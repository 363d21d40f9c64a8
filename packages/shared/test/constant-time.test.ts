// Signatures are compared in constant time. No functional test can see a timing leak, so this one
// reads the sources: every module that computes or checks an HMAC compares signatures through
// `constantTimeEqual` (or Node's `timingSafeEqual`), never with `===` or an early-exit method
// (`Buffer#equals`, `includes`, `localeCompare`…), and `constantTimeEqual` itself has no early exit.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../src/signing/web-crypto.js';
import { repoRoot } from './vectors.js';

const PACKAGES = ['shared', 'bff', 'emulator'];
const SIGNING = /hmacSha256\(|createHmac\(|subtle\.sign\(|timingSafeEqual\(|constantTimeEqual\(/;
/** Names that hold a signature, a digest or what one is compared with. */
const SECRETISH = /signature|expected|digest|given|hmac|\bmac\b/i;
/** The other side may be a literal, a length or a type check: those reveal nothing. */
const HARMLESS = /^(?:undefined|null|true|false|\d+|'[^']*'|"[^"]*"|`[^`]*`|typeof\b.*)$|\.length$|\.size$/;

/** `npm run mutation` instruments sources in place: Stryker's own header is not ours. */
function source(file: string): string {
  return readFileSync(file, 'utf8').replace(
    /^[\s\S]*?function stryMutAct_9fa48\(id\) \{[\s\S]*?return isActive\(id\);\s*\}/,
    '',
  );
}

function signingSources(): string[] {
  return PACKAGES.flatMap((pkg) => {
    const src = path.join(repoRoot, 'packages', pkg, 'src');
    return (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => path.join(src, f))
      .filter((f) => SIGNING.test(source(f)));
  });
}

/** Methods that compare and stop at the first differing byte (Buffer's included). */
const EARLY_EXIT_METHODS =
  /([\w.$[\]'"`]+)\.(?:equals|compare|localeCompare|includes|indexOf|startsWith|endsWith)\(([^)]*)\)/g;

/** Comparisons in `code` where a signature-like value meets a non-literal: operators and methods. */
export function leakyComparisons(code: string): string[] {
  const found: string[] = [];
  const comparison = /([\w.$[\]'"`]+)\s*(===|!==|==|!=)\s*([\w.$[\]'"`]+(?:\([^)]*\))?)/g;
  for (const line of code.split('\n')) {
    if (/^\s*(\/\/|\*|\/\*)/.test(line)) continue;
    for (const [text, left = '', , right = ''] of line.matchAll(comparison)) {
      const sides = [left, right];
      if (!sides.some((side) => SECRETISH.test(side))) continue;
      if (sides.some((side) => HARMLESS.test(side))) continue;
      found.push(text.trim());
    }
    for (const [text, target = '', argument = ''] of line.matchAll(EARLY_EXIT_METHODS)) {
      if (!SECRETISH.test(target) && !SECRETISH.test(argument)) continue;
      if (HARMLESS.test(argument.trim())) continue; // e.g. header.startsWith('sha256=')
      found.push(text.trim());
    }
  }
  return found;
}

describe('constant-time signature comparison', () => {
  it('finds the modules that sign or verify (the scan looks at the right files)', () => {
    const files = signingSources().map((f) => path.relative(repoRoot, f));
    for (const expected of [
      'packages/shared/src/callbacks/crypto.ts',
      'packages/shared/src/webhooks/signature.ts',
      'packages/shared/src/signing/web-crypto.ts',
      'packages/emulator/src/verify.ts',
      'packages/bff/src/auth/keys.ts',
      // Compare with timingSafeEqual only: swapping it for Buffer#equals drops them from the scan.
      'packages/emulator/src/files/urls.ts',
      'packages/bff/src/routes/metrics.ts',
    ])
      expect(files).toContain(expected);
  });

  it('never compares a signature with ===, !== or an early-exit method in those modules', () => {
    const leaks = signingSources().flatMap((file) =>
      leakyComparisons(source(file)).map((c) => `${path.relative(repoRoot, file)}: ${c}`),
    );
    expect(leaks).toEqual([]);
  });

  it('flags the comparisons it is meant to flag', () => {
    expect(leakyComparisons('if (given !== expected) return false;')).toEqual(['given !== expected']);
    expect(leakyComparisons('return signature === computeSignature(body);')).toHaveLength(1);
    expect(
      leakyComparisons("if (signatures.length === 0 || signature === undefined || name === 'v1') {}"),
    ).toEqual([]);
    expect(leakyComparisons('if (!expected.equals(given)) return;')).toEqual(['expected.equals(given)']);
    expect(leakyComparisons('Buffer.compare(expected, given) === 0')).toHaveLength(1);
    expect(leakyComparisons('if (!signatures.includes(expected)) {}')).toEqual([
      'signatures.includes(expected)',
    ]);
    expect(leakyComparisons("if (signature.startsWith('sha256=')) {}")).toEqual([]);
  });

  it('verifies callback and webhook signatures through constantTimeEqual', () => {
    for (const file of [
      'packages/shared/src/callbacks/crypto.ts',
      'packages/shared/src/webhooks/signature.ts',
    ])
      expect(source(path.join(repoRoot, file)), file).toMatch(/constantTimeEqual\(/);
  });

  it('constantTimeEqual has no early exit and looks at every byte', () => {
    const code = source(path.join(repoRoot, 'packages/shared/src/signing/web-crypto.ts'));
    const body = /export function constantTimeEqual\([^)]*\)[^{]*\{([\s\S]*?)\n\}/.exec(code)?.[1] ?? '';
    expect(body).not.toBe('');
    expect(body.match(/\breturn\b/g)).toHaveLength(1);
    expect(body).not.toMatch(/\bbreak\b|\bsome\(|\bevery\(|\bfind|===\s*b\b|a\s*===|localeCompare/);
    expect(constantTimeEqual('sha256=abc', 'sha256=abc')).toBe(true);
    expect(constantTimeEqual('sha256=abc', 'sha256=abd')).toBe(false);
    expect(constantTimeEqual('sha256=abc', 'sha256=ab')).toBe(false);
    expect(constantTimeEqual('sha256=ab', 'sha256=abc')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('é', 'e')).toBe(false);
  });
});
