/**
 * Flattened tables (tab-separated lines) become self-contained rows: each cell is prefixed with
 * its column header, and a continuation row inherits the leading cells it leaves empty, so a row
 * read alone still says « Fiche action N° : 2 ; Budget global de l'action : 285 000 € ».
 */

function cellsOf(line: string): string[] {
  return line.split('\t').map((cell) => cell.replace(/<\/?p>/g, '').trim());
}

/** A header row is short cells, mostly non-numeric: the names of columns, not values. */
function looksLikeHeader(cells: string[]): boolean {
  const filled = cells.filter((cell) => cell !== '');
  if (filled.length < 2) return false;
  const numeric = filled.filter((cell) => /^[\d\s.,€%-]+$/.test(cell)).length;
  const labelled = filled.some((cell) => /\S\s*:\s+\S/.test(cell));
  return filled.every((cell) => cell.length <= 60) && numeric === 0 && !labelled;
}

/** A cell ending with « : » labels the next one (glossary tables: « ADEME : » | « Agence … »). */
function joinLabelCells(cells: string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < cells.length; index += 1) {
    const cell = cells[index]!;
    const next = cells[index + 1];
    if (/\S\s*:$/.test(cell) && next !== undefined && next !== '' && !/:$/.test(next)) {
      joined.push(`${cell} ${next}`);
      index += 1;
    } else {
      joined.push(cell);
    }
  }
  return joined;
}

export function formatTableRows(lines: string[]): string[] {
  const rows = lines
    .map(cellsOf)
    .map(joinLabelCells)
    .filter((cells) => cells.some((cell) => cell !== '' && !/^-+$/.test(cell)));
  if (rows.length === 0) return [];
  const header = rows.length >= 2 && looksLikeHeader(rows[0]!) ? rows[0] : undefined;
  const body = header ? rows.slice(1) : rows;
  const formatted: string[] = [];
  let previous: string[] = [];
  for (const cells of body) {
    const firstFilled = cells.findIndex((cell) => cell !== '');
    // Continuation rows omit the leading cells of the row above (merged cells in the PDF).
    const complete = cells.map((cell, index) => (cell === '' && index < firstFilled ? (previous[index] ?? '') : cell));
    previous = complete;
    const parts = complete
      .map((cell, index) => {
        if (cell === '') return '';
        const name = header?.[index];
        return name ? `${name} : ${cell}` : cell;
      })
      .filter((part) => part !== '');
    if (parts.length > 0) formatted.push(parts.join(' ; '));
  }
  return formatted;
}
