/**
 * The deployment snippets of docs/production.md, read from the doc itself so that what is tested is
 * exactly what operators copy: a fenced block right after a `<!-- snippet: NAME -->` line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../..');

/** The body of the fenced block named `name` in docs/production.md. */
export function snippet(name: string): string {
  const doc = readFileSync(resolve(repoRoot, 'docs/production.md'), 'utf8');
  const marker = `<!-- snippet: ${name} -->\n`;
  const at = doc.indexOf(marker);
  if (at < 0) throw new Error(`docs/production.md has no snippet "${name}"`);
  const fence = /^```[^\n]*\n([\s\S]*?)^```$/m.exec(doc.slice(at + marker.length));
  if (!fence || doc.slice(at + marker.length).indexOf('```') !== 0)
    throw new Error(`snippet "${name}" must be followed directly by a fenced block`);
  return fence[1] as string;
}

/**
 * An EnvironmentFile as systemd reads it (systemd.exec(5)): `KEY=value` lines, `#`/`;` comments,
 * optional surrounding quotes. Throws on a line that is none of these.
 */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`line ${i + 1} is not VARIABLE=value: ${line.slice(0, 40)}`);
    let value = match[2] as string;
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    env[match[1] as string] = value;
  }
  return env;
}

/** `[Section]` → `Key` → values (a key may repeat) of a systemd unit file. */
export function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const unit: Record<string, Record<string, string[]>> = {};
  let section: Record<string, string[]> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      const name = header[1] as string;
      unit[name] = unit[name] ?? {};
      section = unit[name];
      continue;
    }
    const pair = /^(\w+)=(.*)$/.exec(line);
    if (!pair || !section) throw new Error(`not a unit file line: ${line}`);
    const key = pair[1] as string;
    section[key] = [...(section[key] ?? []), pair[2] as string];
  }
  return unit;
}
