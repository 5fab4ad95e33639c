// The dashboard's message syntax: `{name}` placeholders and ICU plural blocks,
// `{count, plural, =0 {none} one {# building} other {# buildings}}`, chosen with Intl.PluralRules for the
// language (Chinese has one form, English two). Numbers are written with the language's grouping, and `#`
// in a branch is the number itself. Pure, so it is unit tested without a browser.

type Params = Readonly<Record<string, string | number>>;

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function numberFormat(tag: string): Intl.NumberFormat {
  let format = numberFormats.get(tag);
  if (!format) {
    format = new Intl.NumberFormat(tag, { maximumFractionDigits: 10 });
    numberFormats.set(tag, format);
  }
  return format;
}

function pluralRule(tag: string): Intl.PluralRules {
  let rules = pluralRules.get(tag);
  if (!rules) {
    rules = new Intl.PluralRules(tag);
    pluralRules.set(tag, rules);
  }
  return rules;
}

function show(value: string | number, tag: string): string {
  return typeof value === 'number' ? numberFormat(tag).format(value) : value;
}

/** The end of the `{...}` group that opens at `open` (the index of its `}`), or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

const PLURAL_HEAD = /\{(\w+),\s*plural,\s*/y;
const OPTION_KEY = /\s*(=\d+|zero|one|two|few|many|other)\s*\{/y;

/** Resolves one plural block starting at `start`; returns the chosen text and where the block ends. */
function plural(
  text: string,
  start: number,
  params: Params,
  tag: string,
): { out: string; end: number } | null {
  PLURAL_HEAD.lastIndex = start;
  const head = PLURAL_HEAD.exec(text);
  if (!head) return null;
  const end = closing(text, start);
  if (end < 0) return null;
  const name = head[1]!;
  const options = new Map<string, string>();
  let at = PLURAL_HEAD.lastIndex;
  while (at < end) {
    OPTION_KEY.lastIndex = at;
    const key = OPTION_KEY.exec(text);
    if (!key) break;
    const open = OPTION_KEY.lastIndex - 1;
    const close = closing(text, open);
    if (close < 0 || close > end) break;
    options.set(key[1]!, text.slice(open + 1, close));
    at = close + 1;
  }
  const value = params[name];
  const n = typeof value === 'number' ? value : Number(value);
  const chosen =
    options.get(`=${n}`) ??
    options.get(Number.isFinite(n) ? pluralRule(tag).select(n) : 'other') ??
    options.get('other');
  if (chosen === undefined) return null;
  const count = value === undefined ? '' : show(value, tag);
  return { out: fill(chosen.replaceAll('#', count), params, tag), end };
}

function fill(text: string, params: Params, tag: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      const block = plural(text, i, params, tag);
      if (block) {
        out += block.out;
        i = block.end;
        continue;
      }
      const close = text.indexOf('}', i);
      const name = close > i ? text.slice(i + 1, close) : '';
      if (/^\w+$/.test(name)) {
        const value = params[name];
        out += value === undefined ? text.slice(i, close + 1) : show(value, tag);
        i = close;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

/** `text` with its placeholders and plural blocks filled from `params`, in the language `tag` (BCP 47). */
export function formatMessage(text: string, params: Params | undefined, tag: string): string {
  return params ? fill(text, params, tag) : text;
}
