import { extractAddresses } from '../detect/extractAddresses.js';
import type { Finding, FoundAddress, RawForm } from './finding.js';

/** Bounds on the raw forms a finding keeps: the investigation query matches each, so they stay few and short. */
export const RAW_FORM_LIMITS = Object.freeze({
  /** Distinct forms per finding; the rest are counted. */
  forms: 6,
  /** Characters per form. Address forms longer than this (only absurd zero padding makes one) are counted, not kept. */
  chars: 80,
});

/**
 * The raw form of one address hit: its text as written, or for an address inside an encoded command, the base64 that
 * encodes it (`FoundAddress.encodedText`). Nested payloads make that text grow 8/3 times per level; its middle
 * RAW_FORM_LIMITS.chars characters still occur only in payloads that hold the address. Undefined when no form fits.
 */
export function rawFormOf(hit: FoundAddress): RawForm | undefined {
  const { chars } = RAW_FORM_LIMITS;
  if (hit.encoding === 'encoded-command') {
    const text = hit.encodedText ?? '';
    if (text === '') return undefined;
    const from = Math.max(0, Math.floor((text.length - chars) / 2));
    return { text: text.slice(from, from + chars), encoded: true };
  }
  return hit.raw.length <= chars ? { text: hit.raw, encoded: false } : undefined;
}

/** A key that tells forms apart (address text compares in any case, as the query matches it). */
function rawFormKey(form: RawForm): string {
  return form.encoded ? `b64:${form.text}` : `ip:${form.text.toLowerCase()}`;
}

/** Distinct raw forms of one address, the first RAW_FORM_LIMITS.forms kept and the rest counted. */
export class RawFormSet {
  readonly #kept = new Map<string, RawForm>();
  readonly #omitted = new Set<string>();
  #omittedElsewhere = 0;

  /** The form of one hit (see rawFormOf). */
  addHit(hit: FoundAddress): void {
    const form = rawFormOf(hit);
    if (form === undefined) this.#omitted.add(`long:${hit.raw}`);
    else this.add(form);
  }

  add(form: RawForm): void {
    const key = rawFormKey(form);
    if (this.#kept.has(key)) return;
    if (this.#kept.size < RAW_FORM_LIMITS.forms) this.#kept.set(key, form);
    else this.#omitted.add(key);
  }

  /** Forms a merged finding had already counted as omitted. */
  addOmitted(count: number): void {
    this.#omittedElsewhere += count;
  }

  get forms(): RawForm[] {
    return [...this.#kept.values()];
  }

  get omitted(): number {
    return this.#omitted.size + this.#omittedElsewhere;
  }
}

/**
 * The raw forms of `ip` in command lines, for findings stored before raw forms were kept: read again from the lines
 * they kept.
 */
export function rawFormsIn(ip: string, commandLines: readonly string[]): RawFormSet {
  const set = new RawFormSet();
  for (const line of commandLines) for (const hit of extractAddresses(line)) if (hit.address === ip) set.addHit(hit);
  return set;
}

/** A finding's raw forms: as kept, or for a finding stored before they were kept, read again from its command lines. */
export function findingRawForms(finding: Finding): RawFormSet {
  if (finding.rawForms === undefined) return rawFormsIn(finding.ip, finding.commandLines);
  const set = new RawFormSet();
  for (const form of finding.rawForms) set.add(form);
  set.addOmitted(finding.rawFormsOmitted ?? 0);
  return set;
}
