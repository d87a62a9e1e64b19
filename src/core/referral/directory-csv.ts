// CSV import and export of the directory. Import is all or nothing: the file is decoded (UTF-8 with or
// without a BOM, or Windows-1258 as Vietnamese spreadsheets often save it), the header checked, every
// row validated, and either every listing is returned or a report naming each row and column.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import iconv from "iconv-lite";
import { CSV_COLUMNS, parseServiceRow, serviceToRow, type CsvColumn, type RowContext, type RowProblemCode, type ServiceRow } from "./service-row.ts";
import type { ServiceInput, ServiceRecord } from "./ports.ts";

export const CSV_ENCODINGS = ["auto", "utf-8", "windows-1258"] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];
export const MAX_IMPORT_ROWS = 2000;
const REQUIRED_COLUMNS: readonly CsvColumn[] = ["service_code", "organization", "name", "kind", "area_scope"];

export type ImportProblemCode =
  RowProblemCode | "missing_column" | "unknown_column" | "duplicate_column" | "column_count" | "malformed" | "empty" | "too_many_rows";

/** `row` is the line as a spreadsheet numbers it (the header is row 1). */
export interface ImportProblem {
  row: number;
  column: string | null;
  code: ImportProblemCode;
  /** For a duplicate: the row that came first. */
  firstRow?: number;
}

export type ImportResult = { ok: true; encoding: string; inputs: ServiceInput[] } | { ok: false; encoding: string; problems: ImportProblem[] };

/** Bytes to text: a UTF-8 BOM is dropped; invalid UTF-8 is read as Windows-1258 in "auto". Always NFC. */
export function decodeCsv(bytes: Uint8Array, encoding: CsvEncoding): { text: string; encoding: string } {
  let body = Buffer.from(bytes);
  const bom = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
  if (bom) body = body.subarray(3);
  if (encoding === "windows-1258") return { text: iconv.decode(body, "windows-1258").normalize("NFC"), encoding };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body).normalize("NFC"), encoding: bom ? "utf-8 (BOM)" : "utf-8" };
  } catch {
    if (encoding === "auto") return { text: iconv.decode(body, "windows-1258").normalize("NFC"), encoding: "windows-1258" };
    // Declared UTF-8 but broken: undecodable bytes become U+FFFD and every such cell is reported.
    return { text: new TextDecoder("utf-8").decode(body).normalize("NFC"), encoding: "utf-8" };
  }
}

export function importDirectoryCsv(bytes: Uint8Array, encoding: CsvEncoding, ctx: RowContext): ImportResult {
  const decoded = decodeCsv(bytes, encoding);
  const fail = (problems: ImportProblem[]): ImportResult => ({ ok: false, encoding: decoded.encoding, problems });
  let records: string[][];
  try {
    records = parse(decoded.text, { relax_column_count: true, skip_empty_lines: true, trim: false }) as string[][];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === "number" ? (error as { lines: number }).lines : 1;
    return fail([{ row: line, column: null, code: "malformed" }]);
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) return fail([{ row: 1, column: null, code: "empty" }]);
  if (rows.length > MAX_IMPORT_ROWS) return fail([{ row: MAX_IMPORT_ROWS + 2, column: null, code: "too_many_rows" }]);
  const names = header.map((h) =>
    h
      .replace(/^\uFEFF/, "")
      .trim()
      .toLowerCase(),
  );
  const headerProblems: ImportProblem[] = [];
  names.forEach((n, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(n)) headerProblems.push({ row: 1, column: n || `#${i + 1}`, code: "unknown_column" });
    else if (names.indexOf(n) !== i) headerProblems.push({ row: 1, column: n, code: "duplicate_column" });
  });
  for (const c of REQUIRED_COLUMNS) if (!names.includes(c)) headerProblems.push({ row: 1, column: c, code: "missing_column" });
  if (headerProblems.length > 0) return fail(headerProblems);

  const problems: ImportProblem[] = [];
  const inputs: ServiceInput[] = [];
  const firstRowOf = new Map<string, number>();
  rows.forEach((cells, i) => {
    const rowNo = i + 2;
    if (cells.length !== names.length) return void problems.push({ row: rowNo, column: null, code: "column_count" });
    const row: ServiceRow = Object.fromEntries(names.map((n, j) => [n, cells[j] ?? ""]));
    const parsed = parseServiceRow(row, ctx);
    if (!parsed.ok) return void problems.push(...parsed.problems.map((p) => ({ row: rowNo, ...p })));
    const key = parsed.input.code.toLowerCase();
    const first = firstRowOf.get(key);
    if (first !== undefined) return void problems.push({ row: rowNo, column: "service_code", code: "duplicate", firstRow: first });
    firstRowOf.set(key, rowNo);
    inputs.push(parsed.input);
  });
  return problems.length > 0 ? fail(problems) : { ok: true, encoding: decoded.encoding, inputs };
}

/** UTF-8 with a BOM (so spreadsheet programs read the Vietnamese right), the same columns the import reads. */
export function exportDirectoryCsv(services: readonly ServiceRecord[]): string {
  return "\uFEFF" + stringify(services.map(serviceToRow), { header: true, columns: [...CSV_COLUMNS] });
}
