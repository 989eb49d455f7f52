/**
 * Duplicate object keys in JSON. `JSON.parse` and the streaming parser both
 * keep the last of two equal keys and say nothing, so `"workforce": 410,
 * "workforce": 99999` would load 99999 unseen. RFC 8259 leaves such objects'
 * meaning open; a dataset or request must not have one.
 *
 * One rule, two feeds: `KeyTracker` follows the structure of a document
 * (objects, arrays, keys) and names the first repeated key by its JSON path;
 * `findDuplicateKey` drives it over a text, and the streaming reader drives
 * it with the parser's tokens (./read-stream.ts).
 */
import { formatPath, type PathSegment } from './problems.ts';

/** A repeated key: its path (the repeated one's, as `formatPath` writes it) and the 1-based line of the repetition. */
export interface DuplicateKey {
  key: string;
  path: string;
  line: number;
}

interface Frame {
  /** Keys seen in this object; null for an array. */
  keys: Set<string> | null;
  /** This object's current key, or this array's current index. */
  at: PathSegment;
}

/** The structure of a JSON document, fed in document order; `key` throws nothing, it answers. */
export class KeyTracker {
  private readonly frames: Frame[] = [];

  /** `prefix`: the path of the tracked value inside a larger document, e.g. `["enterprises", 3]`. */
  constructor(private readonly prefix: readonly PathSegment[] = []) {}

  /** A value starts in the current container: an array moves to its next index. */
  value(): void {
    const top = this.frames[this.frames.length - 1];
    if (top && top.keys === null) top.at = (top.at as number) + 1;
  }

  openObject(): void {
    this.value();
    this.frames.push({ keys: new Set(), at: '' });
  }

  openArray(): void {
    this.value();
    this.frames.push({ keys: null, at: -1 });
  }

  close(): void {
    this.frames.pop();
  }

  /** Whether the innermost container is an object (where a string may be a key). */
  get inObject(): boolean {
    const top = this.frames[this.frames.length - 1];
    return top !== undefined && top.keys !== null;
  }

  /** A key of the innermost object; returns its path when the object has it already. */
  key(name: string): string | null {
    const top = this.frames[this.frames.length - 1];
    if (!top || top.keys === null) return null;
    top.at = name;
    if (top.keys.has(name)) return formatPath([...this.prefix, ...this.frames.map((f) => f.at)]);
    top.keys.add(name);
    return null;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/**
 * The first repeated key of the JSON `text`, or null. `text` must already
 * parse as JSON (this reads its structure, it does not judge its syntax).
 */
export function findDuplicateKey(text: string, prefix: readonly PathSegment[] = [], firstLine = 1): DuplicateKey | null {
  // No string, no key.
  if (text.indexOf('"') < 0) return null;
  const tracker = new KeyTracker(prefix);
  let line = firstLine;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
    } else if (c === 34 /* " */) {
      const start = i;
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return null;
        let backslashes = 0;
        for (let j = q - 1; j > start && text.charCodeAt(j) === 92; j--) backslashes++;
        i = q + 1;
        if (backslashes % 2 === 0) break;
      }
      const backslash = text.indexOf('\\', start);
      const escaped = backslash >= 0 && backslash < i;
      let k = i;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) === 58 /* : */) {
        const name = escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
        const path = tracker.key(name);
        if (path !== null) return { key: name, path, line };
      } else {
        tracker.value();
      }
    } else if (c === 123 /* { */) {
      tracker.openObject();
      i++;
    } else if (c === 91 /* [ */) {
      tracker.openArray();
      i++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      tracker.close();
      i++;
    } else if (c === 44 /* , */ || c === 58 /* : */ || isSpace(c)) {
      i++;
    } else {
      // A number, true, false or null: one value, up to the next delimiter.
      tracker.value();
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || isSpace(d)) break;
        i++;
      }
    }
  }
  return null;
}

/** The message every reader gives for a repeated key. */
export function duplicateKeyMessage(duplicate: DuplicateKey): string {
  return `the key ${JSON.stringify(duplicate.key)} appears twice in one object (at ${duplicate.path}, line ${duplicate.line}); JSON keys must be unique: keep one`;
}
