// A tiny Vite plugin for the self-contained bundle: collapses the indentation inside Lit's
// css`` / html`` / svg`` template literals (a newline and the whitespace around it become one
// space). Expressions (${...}) and untagged strings are left alone. Saves bytes the JS
// minifier cannot, since template text is data to it.
import type { Plugin } from 'vite';

const TAGS = ['css', 'html', 'svg'];

function collapse(text: string, tag: string): string {
  const collapsed = text.replace(/\s*\n\s*/g, ' ');
  // CSS: spaces around braces, semicolons and after colons/commas carry no meaning.
  return tag === 'css' ? collapsed.replace(/\s*([{};])\s*/g, '$1').replace(/([:,])\s+/g, '$1') : collapsed;
}

/** Index just after the string/template starting at `start` (a quote or backtick), copying to `out`. */
function scanQuoted(code: string, start: number, out: string[], tag: string | null): number {
  const quote = code[start];
  out.push(quote);
  let index = start + 1;
  let text = '';
  const flush = () => {
    out.push(tag ? collapse(text, tag) : text);
    text = '';
  };
  while (index < code.length) {
    const char = code[index];
    if (char === '\\') {
      text += code.slice(index, index + 2);
      index += 2;
    } else if (char === quote) {
      flush();
      out.push(quote);
      return index + 1;
    } else if (quote === '`' && char === '$' && code[index + 1] === '{') {
      flush();
      out.push('${');
      index = scanExpression(code, index + 2, out);
    } else {
      text += char;
      index++;
    }
  }
  flush();
  return index;
}

/** Copies a `${...}` expression (which may hold nested templates), returns the index after `}`. */
function scanExpression(code: string, start: number, out: string[]): number {
  let depth = 0;
  let index = start;
  while (index < code.length) {
    const char = code[index];
    if (char === '`' || char === "'" || char === '"') {
      index = scanQuoted(code, index, out, char === '`' ? tagBefore(code, index) : null);
      continue;
    }
    if (char === '{') depth++;
    if (char === '}') {
      if (depth === 0) {
        out.push('}');
        return index + 1;
      }
      depth--;
    }
    out.push(char);
    index++;
  }
  return index;
}

function tagBefore(code: string, index: number): string | null {
  const found = TAGS.find(
    (tag) =>
      code.slice(index - tag.length, index) === tag && !/[\w$.]/.test(code[index - tag.length - 1] ?? ''),
  );
  return found ?? null;
}

/** Minifies the Lit templates of one module's source. */
export function minifyTemplates(code: string): string {
  const out: string[] = [];
  let index = 0;
  while (index < code.length) {
    const char = code[index];
    if (char === '/' && code[index + 1] === '/') {
      const end = code.indexOf('\n', index);
      const stop = end === -1 ? code.length : end;
      out.push(code.slice(index, stop));
      index = stop;
    } else if (char === '/' && code[index + 1] === '*') {
      const end = code.indexOf('*/', index + 2);
      const stop = end === -1 ? code.length : end + 2;
      out.push(code.slice(index, stop));
      index = stop;
    } else if (char === '`' || char === "'" || char === '"') {
      index = scanQuoted(code, index, out, char === '`' ? tagBefore(code, index) : null);
    } else {
      out.push(char);
      index++;
    }
  }
  return out.join('');
}

/** The plugin: applies {@link minifyTemplates} to this package's TypeScript sources. */
export function minifyLitTemplates(): Plugin {
  return {
    name: 'ess-minify-lit-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/packages\/elements\/src\/.*\.ts$/.test(id)) return null;
      return { code: minifyTemplates(code), map: null };
    },
  };
}
