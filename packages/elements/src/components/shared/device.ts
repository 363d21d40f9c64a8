/** How a signing link is offered: opened on this device, or shown as a QR code for a phone. */
export type SignMode = 'auto' | 'mobile' | 'desktop';

/**
 * Resolves `auto`: a phone or tablet (mobile user agent, or a coarse primary pointer without
 * hover) opens the link; anything else shows a QR code, because the WeChat mini-program link
 * cannot open on a PC (the API documentation's advice for PC signers).
 */
export function resolveSignMode(mode: SignMode | string | undefined): 'mobile' | 'desktop' {
  if (mode === 'mobile' || mode === 'desktop') return mode;
  const mobileAgent = /Android|iPhone|iPad|iPod|Mobile|HarmonyOS|MicroMessenger/i.test(navigator.userAgent);
  const touchOnly = globalThis.matchMedia?.('(pointer: coarse) and (hover: none)').matches ?? false;
  return mobileAgent || touchOnly ? 'mobile' : 'desktop';
}

/** True for links a browser may navigate to (never `javascript:` or other schemes from the wire). */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
