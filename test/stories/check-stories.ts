/**
 * `npm run test:stories`: builds Storybook when the static build is missing or older than its inputs,
 * serves `storybook-static/` from a local static file server (no BFF, no emulator: stories use
 * fixtures), opens every story and docs page listed in its `index.json` in headless Chromium and fails
 * when one does not render or logs a console error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { serveStatic } from './static-server.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const staticDir = join(repoRoot, 'storybook-static');
const STORY_TIMEOUT_MS = 20_000;

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

/** Rebuilds when index.json is missing or any input (stories, config, components) is newer. */
function ensureBuilt(): void {
  const built = existsSync(join(staticDir, 'index.json'))
    ? statSync(join(staticDir, 'index.json')).mtimeMs
    : 0;
  const inputs = Math.max(
    newest(join(repoRoot, '.storybook')),
    newest(join(repoRoot, 'packages', 'elements', 'src')),
  );
  if (built > inputs) return;
  console.log('Building Storybook (npm run build-storybook) …');
  const result = spawnSync('npm', ['run', 'build-storybook'], {
    cwd: repoRoot,
    stdio: 'inherit',
    timeout: 600_000,
  });
  if (result.status !== 0)
    throw new Error(`npm run build-storybook failed (exit ${result.status ?? result.signal})`);
}

interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
  title: string;
  name: string;
}

/** Opens one entry and returns the problems found (empty = rendered cleanly). */
async function check(page: Page, baseUrl: string, entry: IndexEntry): Promise<string[]> {
  const problems: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  };
  const onPageError = (error: unknown) =>
    problems.push(`uncaught: ${(error as Error).message ?? String(error)}`);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  try {
    const viewMode = entry.type === 'docs' ? 'docs' : 'story';
    await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=${viewMode}`, {
      waitUntil: 'load',
      timeout: STORY_TIMEOUT_MS,
    });
    // Storybook marks the body while it shows the story, docs, or its own error display.
    await page.waitForFunction(
      (mode) => {
        const body = document.body;
        if (body.classList.contains('sb-show-errordisplay')) return true;
        if (mode === 'docs')
          return document.querySelector('#storybook-docs .sbdocs-content, #storybook-docs .sbdocs') !== null;
        const root = document.querySelector('#storybook-root');
        return body.classList.contains('sb-show-main') && root !== null && root.childElementCount > 0;
      },
      { timeout: STORY_TIMEOUT_MS },
      viewMode,
    );
    const shownError = await page.evaluate(() =>
      document.body.classList.contains('sb-show-errordisplay')
        ? (document.querySelector('#error-message')?.textContent ?? 'Storybook error display')
        : null,
    );
    if (shownError) problems.push(`render error: ${shownError.trim()}`);
    // Custom elements must have upgraded: an undefined ess-* tag means the component never loaded.
    const undefinedTags = await page.evaluate(() =>
      [...document.querySelectorAll('*')]
        .map((node) => node.localName)
        .filter((name) => name.startsWith('ess-') && !customElements.get(name)),
    );
    if (undefinedTags.length) problems.push(`not defined: ${[...new Set(undefinedTags)].join(', ')}`);
    if (entry.type === 'story' && /^(Error|Failed)\b/.test(entry.name))
      problems.push(...(await localizedError(page)));
    // Let late effects (fixture loads, timers) log their errors before moving on.
    await new Promise((done) => setTimeout(done, 150));
  } catch (error) {
    problems.push(
      `did not render within ${STORY_TIMEOUT_MS / 1000} s: ${(error as Error).message.split('\n')[0]}`,
    );
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
  }
  return problems;
}

/**
 * An error story must show the element's own localized message for the error's code, with the
 * server's text only as a detail (the title): never the fixture's English message as the text.
 */
async function localizedError(page: Page): Promise<string[]> {
  const found = await page
    .waitForFunction(
      () => {
        for (const host of document.querySelectorAll('*')) {
          if (!host.localName.startsWith('ess-')) continue;
          const error = host.shadowRoot?.querySelector('[part~="error"]');
          if (error?.textContent?.trim())
            return { text: error.textContent.trim(), title: error.getAttribute('title') ?? '' };
        }
        return null;
      },
      { timeout: STORY_TIMEOUT_MS },
    )
    .then((handle) => handle.jsonValue() as Promise<{ text: string; title: string }>)
    .catch(() => null);
  // Stories that fail only after a click have nothing to show before it.
  if (!found) return [];
  if (!found.title) return [`the error "${found.text}" carries no server detail (title)`];
  if (found.text.includes(found.title))
    return [`the error shows the server's message "${found.title}" instead of a localized one`];
  return [];
}

async function main(): Promise<number> {
  ensureBuilt();
  const index = JSON.parse(await readFile(join(staticDir, 'index.json'), 'utf8')) as {
    entries: Record<string, IndexEntry>;
  };
  const entries = Object.values(index.entries);
  if (entries.length === 0) throw new Error('storybook-static/index.json lists no stories');
  const { server, url } = await serveStatic(staticDir);
  let browser: Browser | undefined;
  let failures = 0;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 700 });
    for (const entry of entries) {
      const problems = await check(page, url, entry);
      if (problems.length) {
        failures++;
        console.log(`✖ ${entry.title} › ${entry.name} (${entry.id})`);
        for (const problem of problems) console.log(`    ${problem}`);
      } else {
        console.log(`✔ ${entry.title} › ${entry.name}`);
      }
    }
  } finally {
    await browser?.close();
    server.closeAllConnections();
    server.close();
  }
  const stories = entries.filter((entry) => entry.type === 'story').length;
  console.log(
    `\n${entries.length - failures}/${entries.length} entries rendered cleanly (${stories} stories, ${entries.length - stories} docs pages)`,
  );
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`test:stories: ${(error as Error).message}`);
    process.exit(1);
  },
);
