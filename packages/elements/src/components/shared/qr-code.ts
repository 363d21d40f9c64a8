import { encode } from 'uqr';

/** Quiet zone in modules around the code (the QR spec asks for 4). */
export const QUIET_ZONE_MODULES = 4;

/**
 * Draws `text` as a QR code on a canvas, sharp at the device pixel ratio: each module is a whole
 * number of device pixels and the canvas is at least `minCssPx` CSS pixels wide. Uses uqr
 * (a maintained encoder), error correction M. Returns the CSS size used.
 */
export function drawQrCode(canvas: HTMLCanvasElement, text: string, minCssPx = 160): number {
  const { data, size } = encode(text, { ecc: 'M', border: QUIET_ZONE_MODULES });
  const ratio = Math.max(1, globalThis.devicePixelRatio || 1);
  const moduleDevicePx = Math.max(1, Math.ceil((minCssPx * ratio) / size));
  const devicePx = moduleDevicePx * size;
  canvas.width = devicePx;
  canvas.height = devicePx;
  const cssPx = devicePx / ratio;
  canvas.style.width = `${cssPx}px`;
  canvas.style.height = `${cssPx}px`;
  const context = canvas.getContext('2d');
  if (!context) return cssPx;
  // Always dark-on-light, even in dark mode: scanners expect it.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, devicePx, devicePx);
  context.fillStyle = '#000000';
  for (let y = 0; y < size; y++) {
    const row = data[y];
    for (let x = 0; x < size; x++) {
      if (row[x]) context.fillRect(x * moduleDevicePx, y * moduleDevicePx, moduleDevicePx, moduleDevicePx);
    }
  }
  return cssPx;
}
