import { describe, expect, it } from 'vitest';
import { builtinsRestoredAfterPdfjs, loadPdfjs } from './pdfjs.js';

describe('loadPdfjs', () => {
  it("loads pdf.js without leaving core-js's replacements of built-ins behind", async () => {
    const before = {
      parse: JSON.parse,
      stringify: JSON.stringify,
      push: Array.prototype.push,
      toString: Function.prototype.toString,
    };
    const pdfjs = await loadPdfjs();
    expect(typeof pdfjs.getDocument).toBe('function');
    // pdf.js's legacy build did replace these on load (so the guard is doing real work) ...
    expect(builtinsRestoredAfterPdfjs()).toEqual(
      expect.arrayContaining(['JSON.parse', 'JSON.stringify', 'Array.prototype.push']),
    );
    // ... and they are V8's own again.
    expect(JSON.parse).toBe(before.parse);
    expect(JSON.stringify).toBe(before.stringify);
    expect(Array.prototype.push).toBe(before.push);
    expect(Function.prototype.toString).toBe(before.toString);
    // What pdf.js needs and Node 20 lacks stays added.
    expect(typeof (Promise as { withResolvers?: unknown }).withResolvers).toBe('function');
    expect(
      typeof (globalThis as { pdfjsWorker?: { WorkerMessageHandler?: unknown } }).pdfjsWorker
        ?.WorkerMessageHandler,
    ).toBe('function');
    expect(await loadPdfjs()).toBe(pdfjs);
  });
});
