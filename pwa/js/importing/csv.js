// A CSV reader after RFC 4180, with either delimiter: other apps' notes hold delimiters, quotes
// and line breaks, so splitting on commas and newlines would cut sets in half.
// Pure: text in, rows out.

/** Thrown for a file that is not what the import expects; the message is for the lifter. */
export class ImportError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "ImportError";
  }
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** A byte-order mark, which Excel and some apps put before the header. @param {string} text */
export function withoutBom(text) {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The records of `text`, each with the 1-based line it starts on (so a skipped row can be named
 * as the lifter would find it in a text editor). Line ends may be LF, CRLF or CR; a quoted field
 * may hold delimiters, `""` for a quote, and line breaks. Blank lines are no records. A quote
 * inside an unquoted field is kept as written (apps do write `6'2"`), and text after a closing
 * quote is kept too: leniency loses nothing, while refusing would lose the whole file.
 * @param {string} text
 * @param {string} delimiter "," or ";"
 * @returns {{rows: string[][], lines: number[]}}
 */
export function parseCsv(text, delimiter) {
  const source = withoutBom(text);
  const sep = delimiter.charCodeAt(0);
  const end = source.length;
  /** @type {string[][]} */
  const rows = [];
  /** @type {number[]} */
  const lines = [];
  let line = 1;
  let i = 0;
  while (i < end) {
    const startLine = line;
    /** @type {string[]} */
    const row = [];
    let rowDone = false;
    while (!rowDone) {
      let value = "";
      if (source.charCodeAt(i) === QUOTE) {
        // A quoted field: runs to the quote that is not doubled.
        let from = i + 1;
        for (;;) {
          const close = source.indexOf('"', from);
          if (close < 0) throw new ImportError(`A quoted field that starts on line ${startLine} never ends: the file may be cut short.`);
          value += countLines(source, from, close, (n) => (line += n));
          if (source.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
          } else {
            i = close + 1;
            break;
          }
        }
      }
      // The unquoted part (or what follows a closing quote) runs to the delimiter or line end.
      const start = i;
      while (i < end) {
        const c = source.charCodeAt(i);
        if (c === sep || c === LF || c === CR) break;
        i += 1;
      }
      if (i > start) value += source.slice(start, i);
      row.push(value);
      const c = source.charCodeAt(i);
      if (c === sep) {
        i += 1;
      } else {
        // The line end (or the end of the text, where c is NaN).
        if (c === CR && source.charCodeAt(i + 1) === LF) i += 2;
        else if (c === LF || c === CR) i += 1;
        if (c === LF || c === CR) line += 1;
        rowDone = true;
      }
    }
    if (row.length === 1 && row[0] === "") continue; // a blank line
    rows.push(row);
    lines.push(startLine);
  }
  return { rows, lines };
}

/**
 * `source[from:to]`, telling `count` how many line breaks it holds (CRLF counts once).
 * @param {string} source @param {number} from @param {number} to @param {(n: number) => void} count
 */
function countLines(source, from, to, count) {
  const piece = source.slice(from, to);
  let n = 0;
  for (let k = piece.indexOf("\n"); k >= 0; k = piece.indexOf("\n", k + 1)) n += 1;
  for (let k = piece.indexOf("\r"); k >= 0; k = piece.indexOf("\r", k + 1)) if (piece.charCodeAt(k + 1) !== LF) n += 1;
  if (n > 0) count(n);
  return piece;
}

/**
 * The first record of `text`, read with `delimiter`: the header, without reading the whole file.
 * @param {string} text @param {string} delimiter
 */
export function headerOf(text, delimiter) {
  const source = withoutBom(text);
  // The header never holds a line break, so the first line is enough (and cheap on a big file).
  const match = /\r\n|\n|\r/.exec(source);
  const first = match === null ? source : source.slice(0, match.index);
  return parseCsv(first, delimiter).rows[0] ?? [];
}
