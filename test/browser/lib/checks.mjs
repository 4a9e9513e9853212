// The checks every notebook gets, on the cells as readCells (notebook.mjs) returns them. Each
// returns a list of failures, {cell, message}, cell being null for the notebook as a whole.

import fs from 'node:fs';

const IMAGE = /^image\//;

/** How many figures (image outputs) each code cell of the committed .ipynb file shows. */
export function committedFigures(file) {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  const figures = new Map();
  let anyOutputs = false;
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    const outputs = cell.outputs ?? [];
    if (outputs.length) anyOutputs = true;
    figures.set(index, outputs.filter((o) => Object.keys(o.data ?? {}).some((m) => IMAGE.test(m))).length);
  });
  return { figures, anyOutputs };
}

/** The first lines of an error, on one line. */
function short(text, lines = 4) {
  return text.split('\n').filter((l) => l.trim() !== '').slice(0, lines).join(' | ').slice(0, 400);
}

/**
 * That every code cell ran, in order, without an error; and that every figure it shows is an
 * <img> that loaded, as many per cell as in the committed notebook (if it has outputs).
 *
 * @param {object[]} cells     from readCells
 * @param {object}   o
 * @param {{figures: Map<number, number>, anyOutputs: boolean}} [o.committed]
 * @param {number[]} [o.stderrAllowed]  cells (0-based) whose stderr stream is expected
 */
export function checkCells(cells, { committed, stderrAllowed = [] } = {}) {
  const failures = [];
  const fail = (cell, message) => failures.push({ cell, message });
  let lastCount = 0;
  for (const cell of cells) {
    if (cell.type !== 'code' || cell.source.trim() === '') continue;
    if (cell.executionCount === null) {
      fail(cell, 'was not run');
      continue;
    }
    if (cell.executionCount <= lastCount) {
      fail(cell, `ran out of order (execution ${cell.executionCount} after ${lastCount})`);
    }
    lastCount = cell.executionCount;
    // An error the kernel reported, and what the page shows of it (GoNB's report, a panic's
    // trace on stderr); a stderr stream alone only where the spec expects one.
    const errors = cell.outputs.filter((o) => o.type === 'error');
    if (errors.length || (cell.errorsShown.length && !stderrAllowed.includes(cell.index))) {
      const shown = cell.errorsShown.length
        ? `shows: ${short(cell.errorsShown.join('\n'))}`
        : 'the page shows no error';
      const reported = errors.map((o) => `${o.ename}: ${short(o.evalue ?? '', 1)}`).join('; ');
      fail(cell, `${errors.length ? `failed (${reported})` : 'writes to stderr'}; ${shown}`);
    }
    const figures = cell.outputs.filter((o) => o.mimes.some((m) => IMAGE.test(m))).length;
    if (cell.images.length < figures) {
      fail(cell, `has ${figures} figure(s) but the page shows ${cell.images.length} <img>`);
    }
    cell.images.forEach((img, i) => {
      if (!img.complete || img.width === 0 || img.height === 0) {
        fail(cell, `figure ${i + 1} did not load (<img src="${img.src}...">, natural size ${img.width}×${img.height})`);
      }
    });
    if (committed?.anyOutputs) {
      const want = committed.figures.get(cell.index);
      if (want === undefined) {
        fail(cell, 'is not a code cell in the committed notebook');
      } else if (want !== figures) {
        fail(cell, `shows ${figures} figure(s), the committed notebook ${want}`);
      }
    }
  }
  return failures;
}

/** That each of texts appears in what the notebook's outputs show. */
export function checkTexts(cells, texts = []) {
  const shown = cells.filter((c) => c.type === 'code').map((c) => c.text).join('\n');
  return texts
    .filter((t) => !shown.includes(t))
    .map((t) => ({ cell: null, message: `does not show ${JSON.stringify(t)}` }));
}
