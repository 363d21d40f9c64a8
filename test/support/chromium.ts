// Debian's Chromium for the end-to-end suites (never a downloaded browser), and the page errors they
// assert are absent.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const CHROME_FLAGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium (`CHROME_PATH`, else /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: CHROME_FLAGS,
    protocolTimeout: 60_000,
  });
}

/** Collects the page's console errors and uncaught exceptions. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push((error as Error).message));
  return errors;
}
