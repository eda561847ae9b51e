/**
 * What `parse_xml` makes of XML text, per https://learn.microsoft.com/kusto/query/parse-xml-function:
 * - `<e/>` → `{"e": null}`, `<e>text</e>` → `{"e": "text"}`;
 * - attributes become `@name` properties and the text beside them `#text` (`<e name="v">t</e>` → `{"e": {"@name": "v", "#text": "t"}}`);
 * - children become properties, and children sharing a name an array (`<e><a>1</a><a>2</a></e>` → `{"e": {"a": ["1", "2"]}}`);
 * - only element, attribute and text nodes are translated; comments, processing instructions, the XML declaration,
 *   a DOCTYPE and CDATA sections are skipped;
 * - invalid XML, or text longer than 1 MB (1,048,576 bytes), gives null.
 * Values stay text (the docs' own example prints numbers, but the table above it and the service give strings), text is
 * kept as written apart from the XML rules (line ends normalised, entities decoded, whitespace-only text between
 * elements dropped), and an empty non-self-closing element (`<e></e>`) gives "" [inferred: the JSON.NET conversion the
 * docs' table matches].
 */

const MAX_BYTES = 1_048_576;

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// XML 1.0 names, loosely: a letter, '_' or ':' first, then also digits, '-', '.' and middle dots.
const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.\-:\u00B7\u00C0-\uFFFF]*/y;

interface XmlElement {
  readonly name: string;
  readonly attributes: readonly (readonly [string, string])[];
  readonly children: readonly (XmlElement | string)[];
  readonly selfClosing: boolean;
}

class InvalidXml extends Error {}

/** The dynamic value parse_xml returns for `text`: null when it is not well-formed XML. */
export function xmlToDynamic(text: string): unknown {
  if (text.length > MAX_BYTES / 4 && Buffer.byteLength(text, 'utf8') > MAX_BYTES) return null;
  try {
    const root = new XmlReader(text.replace(/\r\n?/g, '\n')).document();
    return { [root.name]: elementValue(root) };
  } catch (error) {
    if (error instanceof InvalidXml) return null;
    throw error;
  }
}

function elementValue(element: XmlElement): unknown {
  const { attributes, children } = element;
  if (attributes.length === 0) {
    if (children.length === 0) return element.selfClosing ? null : '';
    if (children.length === 1 && typeof children[0] === 'string') return children[0];
  }
  const value: Record<string, unknown> = {};
  for (const [name, text] of attributes) value[`@${name}`] = text;
  // Children sharing a name are grouped into one array, at the place of the first of them.
  const groups = new Map<string, unknown[]>();
  for (const child of children) {
    const name = typeof child === 'string' ? '#text' : child.name;
    const converted = typeof child === 'string' ? child : elementValue(child);
    const group = groups.get(name);
    if (group) group.push(converted);
    else groups.set(name, [converted]);
  }
  for (const [name, values] of groups) value[name] = values.length === 1 ? values[0] : values;
  return value;
}

class XmlReader {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): XmlElement {
    if (this.text.charCodeAt(0) === 0xfeff) this.at = 1;
    this.skipMisc(true);
    if (!this.text.startsWith('<', this.at)) throw new InvalidXml();
    const root = this.element();
    this.skipMisc(false);
    if (this.at !== this.text.length) throw new InvalidXml();
    return root;
  }

  /** Whitespace, comments and processing instructions (and, before the root, the declaration and a DOCTYPE). */
  private skipMisc(prolog: boolean): void {
    for (;;) {
      this.skipSpace();
      if (this.text.startsWith('<!--', this.at)) this.skipPast('-->');
      else if (this.text.startsWith('<?', this.at)) this.skipPast('?>');
      else if (prolog && this.text.startsWith('<!DOCTYPE', this.at)) this.skipDoctype();
      else return;
    }
  }

  private skipDoctype(): void {
    let depth = 0;
    for (let i = this.at; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '[') depth += 1;
      else if (c === ']') depth -= 1;
      else if (c === '>' && depth === 0) {
        this.at = i + 1;
        return;
      }
    }
    throw new InvalidXml();
  }

  private skipPast(end: string): string {
    const i = this.text.indexOf(end, this.at);
    if (i < 0) throw new InvalidXml();
    const skipped = this.text.slice(this.at, i);
    this.at = i + end.length;
    return skipped;
  }

  private skipSpace(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at]!)) this.at += 1;
  }

  private name(): string {
    NAME.lastIndex = this.at;
    const m = NAME.exec(this.text);
    if (!m) throw new InvalidXml();
    this.at = NAME.lastIndex;
    return m[0];
  }

  private expect(literal: string): void {
    if (!this.text.startsWith(literal, this.at)) throw new InvalidXml();
    this.at += literal.length;
  }

  private element(): XmlElement {
    this.expect('<');
    const name = this.name();
    const attributes: [string, string][] = [];
    for (;;) {
      const before = this.at;
      this.skipSpace();
      if (this.text.startsWith('/>', this.at)) {
        this.at += 2;
        return { name, attributes, children: [], selfClosing: true };
      }
      if (this.text.startsWith('>', this.at)) {
        this.at += 1;
        break;
      }
      if (this.at === before) throw new InvalidXml();
      const attribute = this.name();
      if (attributes.some(([n]) => n === attribute)) throw new InvalidXml();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      attributes.push([attribute, this.attributeValue()]);
    }
    const children = this.content();
    this.expect('</');
    if (this.name() !== name) throw new InvalidXml();
    this.skipSpace();
    this.expect('>');
    return { name, attributes, children, selfClosing: false };
  }

  private attributeValue(): string {
    const quote = this.text[this.at];
    if (quote !== '"' && quote !== "'") throw new InvalidXml();
    this.at += 1;
    const end = this.text.indexOf(quote, this.at);
    if (end < 0) throw new InvalidXml();
    const raw = this.text.slice(this.at, end);
    this.at = end + 1;
    if (raw.includes('<')) throw new InvalidXml();
    // Attribute-value normalisation (XML 1.0 §3.3.3): a literal tab or line end is read as a space.
    return decodeEntities(raw.replace(/[\t\n]/g, ' '));
  }

  /** Child elements and text up to the closing tag; whitespace-only text is dropped, as a DOM without preserved whitespace does. */
  private content(): (XmlElement | string)[] {
    const children: (XmlElement | string)[] = [];
    let text = '';
    const flush = () => {
      if (text.trim() !== '') children.push(text);
      text = '';
    };
    for (;;) {
      const lt = this.text.indexOf('<', this.at);
      if (lt < 0) throw new InvalidXml();
      text += decodeEntities(this.text.slice(this.at, lt));
      this.at = lt;
      if (this.text.startsWith('</', lt)) {
        flush();
        return children;
      }
      if (this.text.startsWith('<!--', lt)) this.skipPast('-->');
      else if (this.text.startsWith('<![CDATA[', lt)) this.skipPast(']]>');
      else if (this.text.startsWith('<?', lt)) this.skipPast('?>');
      else {
        flush();
        children.push(this.element());
      }
    }
  }
}

/** The five predefined entities and character references; any other reference is not well-formed without a DTD. */
function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (match, ref: string) => {
    if (!match.endsWith(';')) throw new InvalidXml();
    const predefined = PREDEFINED[ref];
    if (predefined !== undefined) return predefined;
    const code = /^#x[0-9a-fA-F]+$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]+$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN;
    if (!Number.isFinite(code) || code > 0x10ffff) throw new InvalidXml();
    return String.fromCodePoint(code);
  });
}
