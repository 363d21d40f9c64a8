/**
 * Loads pdf.js (the legacy build, which runs on Node 20 without a canvas) without letting it slow
 * down the rest of the process.
 *
 * The legacy build bundles core-js, and on Node 20 core-js *replaces* built-ins it considers
 * incomplete: `JSON.parse` and `JSON.stringify` (no `JSON.rawJSON`), `Array.prototype.push`,
 * `Function.prototype.toString`. The replacements are plain JavaScript, several times slower than
 * V8's, and they are global: once any module loaded pdf.js, every JSON body and every `push` in the
 * BFF or the emulator went through them (a cached `GET /v1/flows/:id` ran at a quarter of a bare
 * route's speed). pdf.js needs only the *missing* features core-js adds (`Promise.withResolvers`,
 * `Uint8Array.prototype.toHex`, Set methods, ...), so those stay and every replaced built-in is put
 * back. Both pdf.js modules are loaded here, the worker too, because pdf.js would otherwise import
 * its worker (and a second copy of core-js) lazily on the first `getDocument`.
 */

type PdfjsModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** Built-in objects whose existing members core-js must not replace. */
function guardedObjects(): Array<[string, object]> {
  const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
  return [
    ['JSON', JSON],
    ['Math', Math],
    ['Object', Object],
    ['Object.prototype', Object.prototype],
    ['Function.prototype', Function.prototype],
    ['Array', Array],
    ['Array.prototype', Array.prototype],
    ['String', String],
    ['String.prototype', String.prototype],
    ['Number', Number],
    ['Promise', Promise],
    ['Promise.prototype', Promise.prototype],
    ['Map.prototype', Map.prototype],
    ['Set.prototype', Set.prototype],
    ['RegExp.prototype', RegExp.prototype],
    ['ArrayBuffer.prototype', ArrayBuffer.prototype],
    ['Uint8Array', Uint8Array],
    ['TypedArray.prototype', typedArrayPrototype],
  ];
}

type Snapshot = Array<[object, PropertyKey, PropertyDescriptor]>;

function snapshotBuiltins(): Snapshot {
  const snapshot: Snapshot = [];
  for (const [, target] of guardedObjects()) {
    for (const key of Reflect.ownKeys(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor) snapshot.push([target, key, descriptor]);
    }
  }
  return snapshot;
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor | undefined) =>
  b !== undefined && a.value === b.value && a.get === b.get && a.set === b.set;

/** Puts back every built-in that was replaced since `snapshot`; returns their names (for tests). */
function restoreBuiltins(snapshot: Snapshot): string[] {
  const names = new Map(guardedObjects().map(([name, target]) => [target, name]));
  const restored: string[] = [];
  for (const [target, key, original] of snapshot) {
    if (sameDescriptor(original, Object.getOwnPropertyDescriptor(target, key))) continue;
    Object.defineProperty(target, key, original);
    restored.push(`${names.get(target)}.${String(key)}`);
  }
  return restored;
}

let loading: Promise<PdfjsModule> | null = null;
let restoredNames: string[] = [];

/** pdf.js, loaded once, with the process's built-ins left as they were. */
export function loadPdfjs(): Promise<PdfjsModule> {
  loading ??= (async () => {
    const snapshot = snapshotBuiltins();
    try {
      const [pdfjs, worker] = await Promise.all([
        import('pdfjs-dist/legacy/build/pdf.mjs'),
        // @ts-expect-error pdfjs-dist ships no type declarations for its worker module
        import('pdfjs-dist/legacy/build/pdf.worker.mjs') as Promise<{ WorkerMessageHandler: unknown }>,
      ]);
      // pdf.js's "fake worker" (no real Worker on Node) takes this handler instead of importing one.
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      return pdfjs;
    } finally {
      restoredNames = restoreBuiltins(snapshot);
    }
  })();
  return loading;
}

/** Which built-ins loading pdf.js replaced and this module put back (empty before it loads). */
export function builtinsRestoredAfterPdfjs(): readonly string[] {
  return restoredNames;
}
