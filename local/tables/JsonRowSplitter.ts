import { InputError } from '../../src/errors.js';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff;
}

function parseRow(text: string, where: () => string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(where(), `invalid JSON: ${(error as Error).message}`);
  }
}

/**
 * Splits rows out of JSON text fed in chunks of any size: JSON lines (one object per line, blank lines skipped) or one
 * JSON array of objects, told apart by the first character. Only one row's text is held at a time, so a file of any size
 * streams through; a malformed row is reported naming its line (JSON lines) or element (array), never skipped.
 */
export class JsonRowSplitter {
  private mode: 'unknown' | 'lines' | 'array' = 'unknown';
  // JSON lines: the unfinished last line, and the number of lines completed.
  private pendingLine = '';
  private lineNumber = 0;
  // Array: nesting depth inside the current element, string state, and the element's text from earlier chunks.
  private opened = false;
  private closed = false;
  private expectValue = true;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private elementParts: string[] = [];
  private elementNumber = 0;

  constructor(
    private readonly source: string,
    private readonly emit: (row: unknown) => void,
  ) {}

  push(chunk: string): void {
    if (this.mode === 'unknown') {
      let i = 0;
      while (i < chunk.length && isSpace(chunk.charCodeAt(i))) i++;
      if (i === chunk.length) return;
      this.mode = chunk.charCodeAt(i) === OPEN_BRACKET ? 'array' : 'lines';
      chunk = chunk.slice(i);
    }
    if (this.mode === 'lines') this.pushLines(chunk);
    else this.pushArray(chunk);
  }

  /** Call after the last chunk: parses a last line without a newline, and checks an array was closed. */
  end(): void {
    if (this.mode === 'lines') {
      this.parseLine(this.pendingLine);
      this.pendingLine = '';
    } else if (this.mode === 'array' && !this.closed) {
      throw new InputError(this.source, `invalid JSON array: it ends inside element ${this.elementNumber + (this.depth > 0 ? 1 : 0)} without a closing "]"`);
    }
  }

  private pushLines(chunk: string): void {
    let text = this.pendingLine === '' ? chunk : this.pendingLine + chunk;
    let from = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', from)) {
      this.parseLine(text.slice(from, newline));
      from = newline + 1;
    }
    this.pendingLine = text.slice(from);
    text = '';
  }

  private parseLine(line: string): void {
    this.lineNumber++;
    const trimmed = line.trim();
    if (trimmed !== '') this.emit(parseRow(trimmed, () => `${this.source} line ${this.lineNumber}`));
  }

  private pushArray(chunk: string): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (this.depth > 0) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (code === BACKSLASH) this.escaped = true;
          else if (code === QUOTE) this.inString = false;
        } else if (code === QUOTE) {
          this.inString = true;
        } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
          this.depth++;
        } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && --this.depth === 0) {
          this.elementParts.push(chunk.slice(start, i + 1));
          this.parseElement();
        }
        continue;
      }
      if (isSpace(code)) continue;
      if (this.closed) throw new InputError(this.source, 'invalid JSON array: text after the closing "]"');
      if (!this.opened) {
        this.opened = true; // the mode check saw "[" first
      } else if (code === CLOSE_BRACKET && (!this.expectValue || this.elementNumber === 0)) {
        this.closed = true;
      } else if (code === COMMA && !this.expectValue) {
        this.expectValue = true;
      } else if (code === OPEN_BRACE && this.expectValue) {
        this.depth = 1;
        start = i;
      } else {
        throw new InputError(`${this.source} element ${this.elementNumber + 1}`, `invalid JSON array: expected ${this.expectValue ? 'a JSON object' : '"," or "]"'}`);
      }
    }
    if (this.depth > 0) this.elementParts.push(chunk.slice(start));
  }

  private parseElement(): void {
    this.elementNumber++;
    const text = this.elementParts.length === 1 ? this.elementParts[0]! : this.elementParts.join('');
    this.elementParts = [];
    this.expectValue = false;
    this.emit(parseRow(text, () => `${this.source} element ${this.elementNumber}`));
  }
}
