/**
 * A small CSV reader for the start-list preview: quoted fields, doubled quotes, CRLF. The server parses
 * the file again and is the judge; this only shows the organiser what they are about to send, with the
 * same 1-based line numbers the server's errors use.
 */
export interface CsvPreview {
  header: string[];
  rows: Array<{ line: number; cells: string[] }>;
}

export function parseCsv(text: string): CsvPreview {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const source = text.replace(/^\uFEFF/, '');
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (let k = 0; k < source.length; k++) {
    const ch = source[k]!;
    if (quoted) {
      if (ch === '"' && source[k + 1] === '"') {
        cell += '"';
        k++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[k + 1] === '\n') k++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) endRecord();
  const [head, ...rows] = records;
  return { header: (head?.cells ?? []).map((h) => h.trim().toLowerCase()), rows };
}
