/**
 * KQL regular expressions (Rust `regex` crate syntax, RE2 semantics) translated to V8 RegExp.
 *
 * Why not re2js: the seed query runs one regex per row over a million rows, and V8's compiled RegExp is several times
 * faster. Both engines pick the leftmost-first match with Perl-like priorities, so for syntax without backreferences
 * or lookaround (which RE2/Rust reject anyway) they return the same match and captures. What differs is translated:
 * `\b \B \w \W \d \D \s \S` are Unicode in KQL and ASCII in JS; `.` excludes only `\n`; `\A`/`\z`; `(?P<n>…)`;
 * `\x{…}`; `\pL`; Rust's `\` before any ASCII punctuation; POSIX classes. Anything not translated is rejected with
 * a QueryError naming the construct and its offset, never silently approximated.
 */
import { QueryError } from '../../src/errors.js';

const WORD_CLASS_BODY = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}';
const WORD = `[${WORD_CLASS_BODY}]`;
const BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
const NON_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`;

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function reject(pattern: string, what: string, offset: number): never {
  throw new QueryError(`Unsupported regex syntax in "${pattern}": ${what} at offset ${offset}`, {
    code: 'UnsupportedRegex',
    position: offset,
  });
}

function hexEscape(codePoint: number): string {
  return `\\u{${codePoint.toString(16)}}`;
}

/** Translates a `\p{…}`/`\pL` property name to one V8 accepts, or rejects it. */
function translateProperty(pattern: string, name: string, negated: boolean, offset: number): string {
  const p = negated ? 'P' : 'p';
  for (const candidate of [name, `Script=${name}`]) {
    try {
      new RegExp(`\\${p}{${candidate}}`, 'u');
      return `\\${p}{${candidate}}`;
    } catch {
      // try the next spelling
    }
  }
  return reject(pattern, `unknown Unicode class \\${p}{${name}}`, offset);
}

interface Translation {
  readonly source: string;
  readonly flags: string;
}

/** Translates a KQL regex to a V8 RegExp source and flags (throws QueryError for unsupported syntax). */
export function translateKqlRegex(pattern: string): Translation {
  let flags = 'u';
  let i = 0;
  // Leading inline flags apply to the whole pattern; V8 (Node 20) has no inline modifiers, so only this form is supported.
  const leading = /^\(\?([imsU]+)\)/.exec(pattern);
  if (leading) {
    for (const f of leading[1]!) {
      if (f === 'U') reject(pattern, 'the (?U) swap-greed flag', 0);
      if (!flags.includes(f)) flags += f;
    }
    i = leading[0].length;
  }
  const dotAll = flags.includes('s');
  let out = '';
  let inClass = false;
  let classStart = -1;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) reject(pattern, 'a trailing backslash', i);
      switch (next) {
        case 'b':
          if (inClass) reject(pattern, '\\b inside a class', i);
          out += BOUNDARY;
          break;
        case 'B':
          if (inClass) reject(pattern, '\\B inside a class', i);
          out += NON_BOUNDARY;
          break;
        case 'w':
          out += inClass ? WORD_CLASS_BODY : WORD;
          break;
        case 'W':
          if (inClass) reject(pattern, '\\W inside a class', i);
          out += `[^${WORD_CLASS_BODY}]`;
          break;
        case 'd':
          out += '\\p{Nd}';
          break;
        case 'D':
          out += '\\P{Nd}';
          break;
        case 's':
          out += '\\p{White_Space}';
          break;
        case 'S':
          out += '\\P{White_Space}';
          break;
        case 'A':
          if (inClass) reject(pattern, '\\A inside a class', i);
          out += '(?<![\\s\\S])';
          break;
        case 'z':
          if (inClass) reject(pattern, '\\z inside a class', i);
          out += '(?![\\s\\S])';
          break;
        case 'a':
          out += '\\x07';
          break;
        case 'n':
        case 't':
        case 'r':
        case 'f':
        case 'v':
          out += `\\${next}`;
          break;
        case 'x': {
          if (pattern[i + 2] === '{') {
            const end = pattern.indexOf('}', i + 3);
            const hex = end < 0 ? '' : pattern.slice(i + 3, end);
            if (!/^[0-9a-fA-F]{1,6}$/.test(hex)) reject(pattern, 'a malformed \\x{…} escape', i);
            out += hexEscape(parseInt(hex, 16));
            i = end + 1;
            continue;
          }
          const hex = pattern.slice(i + 2, i + 4);
          if (!/^[0-9a-fA-F]{2}$/.test(hex)) reject(pattern, 'a malformed \\x escape', i);
          out += `\\x${hex}`;
          i += 4;
          continue;
        }
        case 'u':
        case 'U': {
          const len = next === 'u' ? 4 : 8;
          const hex = pattern.slice(i + 2, i + 2 + len);
          if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) reject(pattern, `a malformed \\${next} escape`, i);
          out += hexEscape(parseInt(hex, 16));
          i += 2 + len;
          continue;
        }
        case 'p':
        case 'P': {
          let name: string;
          let length: number;
          if (pattern[i + 2] === '{') {
            const end = pattern.indexOf('}', i + 3);
            if (end < 0) reject(pattern, 'an unterminated \\p{', i);
            name = pattern.slice(i + 3, end);
            length = end + 1 - i;
          } else {
            name = pattern[i + 2] ?? '';
            length = 3;
          }
          out += translateProperty(pattern, name, next === 'P', i);
          i += length;
          continue;
        }
        default:
          if (/[0-9]/.test(next!)) reject(pattern, `backreference or octal escape \\${next}`, i);
          if (/[!-/:-@[-`{-~]/.test(next!)) {
            // Rust allows escaping any ASCII punctuation; V8's u-mode only a few, so spell the character out.
            out += hexEscape(next!.charCodeAt(0));
            break;
          }
          reject(pattern, `the escape \\${next}`, i);
      }
      i += 2;
      continue;
    }
    if (inClass) {
      if (ch === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        const rawName = end < 0 ? '' : pattern.slice(i + 2, end);
        const negated = rawName.startsWith('^');
        const body = POSIX_CLASSES[negated ? rawName.slice(1) : rawName];
        if (body === undefined || negated) reject(pattern, `the POSIX class [:${rawName}:]`, i);
        out += body;
        i = end + 2;
        continue;
      }
      if (ch === '[') reject(pattern, 'a nested character class', i);
      if ((ch === '&' && pattern[i + 1] === '&') || (ch === '-' && pattern[i + 1] === '-') || (ch === '~' && pattern[i + 1] === '~')) {
        reject(pattern, `class set operation ${ch}${ch}`, i);
      }
      if (ch === ']' && i > classStart) {
        inClass = false;
      }
      out += ch;
      i += 1;
      continue;
    }
    switch (ch) {
      case '[': {
        inClass = true;
        out += '[';
        i += 1;
        if (pattern[i] === '^') {
          out += '^';
          i += 1;
        }
        // A ']' right after '[' or '[^' is a literal in Rust.
        if (pattern[i] === ']') {
          out += '\\]';
          i += 1;
        }
        classStart = i;
        continue;
      }
      case '.':
        out += dotAll ? '[\\s\\S]' : '[^\\n]';
        break;
      case '(':
        if (pattern[i + 1] === '?') {
          const rest = pattern.slice(i + 2);
          if (rest.startsWith('P<')) {
            out += '(?<';
            i += 4;
            continue;
          }
          if (rest.startsWith(':')) {
            out += '(?:';
            i += 3;
            continue;
          }
          if (rest.startsWith('<') && !rest.startsWith('<=') && !rest.startsWith('<!')) {
            out += '(?<';
            i += 3;
            continue;
          }
          if (/^[=!]|^<[=!]/.test(rest)) reject(pattern, 'lookaround', i);
          if (rest.startsWith('P=')) reject(pattern, 'a named backreference', i);
          if (/^[a-zA-Z-]+:/.test(rest)) reject(pattern, 'a scoped flag group (?flags:…) (V8 has no inline modifiers)', i);
          reject(pattern, 'inline flags after the start of the pattern', i);
        }
        out += '(';
        break;
      default:
        out += ch;
    }
    i += 1;
  }
  if (inClass) reject(pattern, 'an unterminated character class', classStart);
  return { source: out, flags: flags.replace('s', '') };
}

const cache = new Map<string, RegExp>();

/**
 * Compiles a KQL regex (cached by pattern text). The RegExp has no `g` flag; callers needing positions use `exec`.
 * Throws QueryError for syntax the engine does not support or V8 cannot compile.
 */
export function compileKqlRegex(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const { source, flags } = translateKqlRegex(pattern);
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (error) {
    throw new QueryError(`Invalid regex "${pattern}": ${(error as Error).message}`, { code: 'InvalidRegex', cause: error });
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, regex);
  return regex;
}

const globalCache = new Map<string, RegExp>();

/** The same regex with the global flag (for extract_all), cached alongside. */
export function compileKqlRegexGlobal(pattern: string): RegExp {
  const hit = globalCache.get(pattern);
  if (hit) return hit;
  const base = compileKqlRegex(pattern);
  const regex = new RegExp(base.source, `${base.flags}g`);
  if (globalCache.size > 1000) globalCache.clear();
  globalCache.set(pattern, regex);
  return regex;
}
