/**
 * The docs' examples run as printed (issue 13, item 13). Every shell example that talks HTTP
 * (`curl`) and every JSON example in docs/*.md, README.md and the package READMEs carries a marker
 * on the line before it: `<!-- runnable -->` or `<!-- illustrative: why -->`. The runnable ones of
 * each page are run in order, in one bash, against the real `npm start` with its defaults (on free
 * ports: the defaults' `127.0.0.1:8787/8788/8789` in the examples are replaced by the ports the
 * stack printed). Every `curl` must answer 2xx, and where the example shows its answer
 * (`# → 201 { "FlowId", … }`) the status and the named fields must be there.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_DEFAULTS } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type StartedScript, spawnStartOnFreePorts } from '../demo/start-script.js';

/** One fenced example and the marker before it. */
interface Example {
  file: string;
  line: number;
  lang: string;
  code: string;
  marker: 'runnable' | 'illustrative' | null;
}

const MARKER = /^\s*<!--\s*(runnable|illustrative)\b[^>]*-->\s*$/;

/** The fenced code blocks of a markdown file, with the marker on the nearest non-empty line above. */
function examplesOf(file: string, markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w+)?\s*$/.exec(lines[i]!);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    let above = i - 1;
    while (above >= 0 && lines[above]!.trim() === '') above--;
    const marker =
      above >= 0 ? (MARKER.exec(lines[above]!)?.[1] as Example['marker'] | undefined) : undefined;
    const indent = open[1]!.length;
    examples.push({
      file,
      line: i + 1,
      lang: open[2] ?? '',
      code: lines
        .slice(i + 1, end)
        .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
        .join('\n'),
      marker: marker ?? null,
    });
    i = end;
  }
  return examples;
}

/** Examples the rule covers: shell that calls `curl`, and JSON. */
const isHttpOrJson = (example: Example) =>
  example.lang === 'json' || (/^(sh|bash|shell)$/.test(example.lang) && /\bcurl\b/.test(example.code));

async function docFiles(): Promise<string[]> {
  const docs = (await readdir(join(repoRoot, 'docs'))).filter((name) => name.endsWith('.md'));
  const packages = await readdir(join(repoRoot, 'packages'));
  return [
    ...docs.map((name) => `docs/${name}`),
    'README.md',
    'demo/README.md',
    ...packages.map((name) => `packages/${name}/README.md`),
  ];
}

async function allExamples(): Promise<Example[]> {
  const found: Example[] = [];
  for (const file of await docFiles()) {
    const text = await readFile(join(repoRoot, file), 'utf8').catch(() => null);
    if (text !== null) found.push(...examplesOf(file, text));
  }
  return found;
}

/** What a run of one page's runnable examples printed, per example. */
interface ExampleRun {
  stdout: string;
  statuses: number[];
}

/**
 * Runs a page's runnable examples in one bash (`set -euo pipefail`), in order, from a scratch
 * directory. `curl` is wrapped so a non-2xx answer fails the example (`--fail-with-body`) and every
 * answer's status is written to stderr, tagged, beside the example's own output.
 */
function runExamples(examples: Example[], cwd: string, urls: Record<string, string>): Promise<ExampleRun[]> {
  const substitute = (code: string) =>
    code
      .replaceAll(`http://127.0.0.1:${DEV_DEFAULTS.bffPort}`, urls.bff!)
      .replaceAll(`http://127.0.0.1:${DEV_DEFAULTS.emulatorPort}`, urls.emulator!)
      .replaceAll(`http://127.0.0.1:${DEV_DEFAULTS.demoPort}`, urls.demo!);
  const script = [
    'set -euo pipefail',
    `curl() { command curl --fail-with-body --max-time 30 -w '%{stderr}@@status %{http_code}\\n' "$@"; }`,
    ...examples.flatMap((example, i) => [
      `echo; echo "@@example ${i}"; echo "@@example ${i}" >&2`,
      substitute(example.code),
    ]),
    'echo; echo "@@done"',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const failedAt = Number(/@@example (\d+)(?![\s\S]*@@example)/.exec(stdout)?.[1] ?? 0);
      if (code !== 0 || !stdout.includes('@@done')) {
        const example = examples[failedAt]!;
        reject(
          new Error(
            `${example.file}:${example.line}: the example failed (exit ${code}):\n${example.code}\n--- stdout\n` +
              `${stdout.split(`@@example ${failedAt}`)[1] ?? ''}\n--- stderr\n${stderr.split(`@@example ${failedAt}`)[1] ?? stderr}`,
          ),
        );
        return;
      }
      const outs = stdout
        .replace(/@@done\s*$/, '')
        .split(/@@example \d+\n/)
        .slice(1);
      const errs = stderr.split(/@@example \d+\n/).slice(1);
      resolve(
        examples.map((_, i) => ({
          stdout: outs[i] ?? '',
          statuses: [...(errs[i] ?? '').matchAll(/@@status (\d+)/g)].map((m) => Number(m[1])),
        })),
      );
    });
  });
}

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      keysOf(item, into);
    }
  return into;
}

/** The answer an example shows: `# → 201 { "FlowId", "ContractType": "b2c", … }`. */
function shownAnswer(code: string): { status: number; keys: string[] } | null {
  const shown = /#\s*→\s*(\d{3})\s*(\{.*)$/m.exec(code);
  if (!shown) return null;
  return { status: Number(shown[1]), keys: [...shown[2]!.matchAll(/[{,]\s*"(\w+)"/g)].map((m) => m[1]!) };
}

describe('docs examples are marked', () => {
  it('every curl and JSON example says whether it is runnable or illustrative', async () => {
    const unmarked = (await allExamples())
      .filter(isHttpOrJson)
      .filter((example) => example.marker === null)
      .map((example) => `${example.file}:${example.line}`);
    expect(unmarked).toEqual([]);
  });
});

describe('runnable docs examples against npm start', () => {
  let workDir: string;
  let started: StartedScript | undefined;
  let urls: Record<string, string>;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'ess-kit-docs-examples-'));
    const stack = await spawnStartOnFreePorts({
      STORE_URL: join(workDir, 'ess-kit.sqlite'),
      ESS_EMULATOR_DATA: '',
    });
    started = stack.started;
    urls = { bff: stack.bff, emulator: stack.emulator, demo: stack.demo };
  }, 120_000);

  afterAll(async () => {
    await started?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('runs every runnable example as printed: each curl answers 2xx, shown answers match', async () => {
    const runnable = (await allExamples()).filter((example) => example.marker === 'runnable');
    expect(runnable.length).toBeGreaterThanOrEqual(7);
    const pages = [...new Set(runnable.map((example) => example.file))];
    for (const page of pages) {
      const examples = runnable.filter((example) => example.file === page);
      const runs = await runExamples(examples, workDir, urls);
      examples.forEach((example, i) => {
        const where = `${example.file}:${example.line}`;
        const run = runs[i]!;
        for (const status of run.statuses) expect(status, where).toBeGreaterThanOrEqual(200);
        for (const status of run.statuses) expect(status, where).toBeLessThan(300);
        const shown = shownAnswer(example.code);
        if (!shown) return;
        expect(run.statuses.at(-1), `${where}: the status it shows`).toBe(shown.status);
        const answer = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
        const keys = keysOf(answer);
        for (const key of shown.keys) expect(keys.has(key), `${where}: "${key}" in ${run.stdout}`).toBe(true);
      });
    }
  }, 180_000);
});
