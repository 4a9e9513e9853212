// The browser test (make browser-test): every notebook, run in a real JupyterLab in headless
// Chromium, as a person would run it.
//
//   node test/browser/run.mjs [--root DIR] [--specs DIR] [--out DIR] [--verbose] [NOTEBOOK.ipynb ...]
//
// It starts JupyterLab from build/venv on a free loopback port with a token, serving --root
// (notebooks/), and for each notebook (all of them, or those named): opens it, restarts the
// kernel and runs all cells from the Kernel menu, waits until all have run, and checks that no
// cell failed or shows an error, that every figure is an <img> that loaded (as many per cell as
// the committed notebook shows), and whatever the notebook's spec adds (--specs, test/browser/
// specs/NAME.mjs: texts it must show, a longer timeout, checks of its own). It saves a screenshot
// of each whole notebook in --out (build/browser/NAME.png), and the server's log there.
//
// A failure names the notebook and the cell. The notebooks are never saved (see lib/lab.mjs);
// the test fails should one change anyway. Exit status: 0 if every notebook passed, 1 if not.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from './lib/browser.mjs';
import { checkCells, checkTexts, committedFigures } from './lib/checks.mjs';
import { cleanupAll, exitWith } from './lib/cleanup.mjs';
import { startLab } from './lib/lab.mjs';
import {
  cellName,
  openNotebook,
  readCells,
  expandToNotebook,
  restartAndRunAll,
  screenshot,
  shutdownKernel,
  waitForImages,
  waitForRun,
} from './lib/notebook.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

/** Default time for running all cells of a notebook; a spec may give more. */
const RUN_TIMEOUT_S = 600;

/** Loads specs/NAME.mjs for a notebook, or an empty spec. */
async function loadSpec(specsDir, name) {
  const file = path.join(specsDir, `${path.basename(name, '.ipynb')}.mjs`);
  if (!fs.existsSync(file)) return {};
  return (await import(pathToFileURL(file).href)).default;
}

/**
 * sha256 of every file under root but models/ (where the notebooks keep what they train): the
 * test must leave the notebooks' directory as it found it.
 */
function fingerprints(root, dir = root, out = new Map()) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    const rel = path.relative(root, file);
    if (rel === 'models') continue;
    if (entry.isDirectory()) fingerprints(root, file, out);
    else out.set(rel, crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  }
  return out;
}

/**
 * Runs each notebook (file name in root) and checks it. Resolves to one result per notebook:
 * {name, failures: string[], seconds, codeCells, figures}.
 */
export async function runNotebooks({ root, specs, out, names, verbose = false, log = console.log }) {
  fs.mkdirSync(out, { recursive: true });
  const before = fingerprints(root);
  const lab = await startLab({ repo, root, log: path.join(out, 'jupyterlab.log') });
  const browser = await launchChromium();
  const results = [];
  try {
    for (const [i, name] of names.entries()) {
      const phase = verbose ? (what, t0) => log(`      ${name}: ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`) : () => {};
      results.push(await runOne({ browser, lab, root, specs, out, name, workspace: `percept-${i}`, phase }));
      const r = results.at(-1);
      log(
        r.failures.length
          ? `FAIL  ${name} (${r.seconds} s)\n${r.failures.map((f) => `      ${f}`).join('\n')}`
          : `ok    ${name} (${r.codeCells} code cells, ${r.figures} figures, ${r.seconds} s)`,
      );
    }
  } finally {
    await browser.close();
    await lab.stop();
  }
  const after = fingerprints(root);
  const changed = [...new Set([...before.keys(), ...after.keys()])]
    .filter((f) => before.get(f) !== after.get(f))
    .map((f) => `${f}: ${!after.has(f) ? 'deleted' : !before.has(f) ? 'created' : 'changed'} while the notebooks ran in the browser`);
  if (changed.length) {
    log(`FAIL  ${root}: something wrote into it\n${changed.map((c) => `      ${c}`).join('\n')}`);
    results.push({ name: root, failures: changed, seconds: 0, codeCells: 0, figures: 0 });
  }
  return results;
}

async function runOne({ browser, lab, root, specs, out, name, workspace, phase }) {
  const start = Date.now();
  const spec = await loadSpec(specs, name);
  const failures = [];
  const fail = (cell, message) => failures.push(cell ? `${name}: ${cellName(cell)}: ${message}` : `${name}: ${message}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  let cells = [];
  let t = Date.now();
  const step = (what) => {
    phase(what, t);
    t = Date.now();
  };
  try {
    await openNotebook(page, lab, name, { workspace });
    step('opened, kernel connected');
    await restartAndRunAll(page, name);
    await waitForRun(page, name, { timeoutS: spec.timeoutS ?? RUN_TIMEOUT_S });
    step('restarted the kernel and ran all cells');
    await expandToNotebook(page, name);
    await waitForImages(page);
    cells = await readCells(page, name);
    const committed = committedFigures(path.join(root, name));
    for (const f of checkCells(cells, { committed, stderrAllowed: spec.stderrAllowed })) fail(f.cell, f.message);
    for (const f of checkTexts(cells, spec.texts)) fail(f.cell, f.message);
    if (spec.check) await spec.check({ page, path: name, cells, fail });
  } catch (err) {
    fail(null, err.message.split('\n')[0]);
  } finally {
    try {
      await expandToNotebook(page, name); // again: after a failure, the page as it was left
      await screenshot(page, path.join(out, `${path.basename(name, '.ipynb')}.png`));
      step('checked, and took the screenshot');
    } catch (err) {
      fail(null, `no screenshot: ${err.message.split('\n')[0]}`);
    }
    try {
      await shutdownKernel(page, name);
      await context.close();
    } catch (err) {
      fail(null, `closing it: ${err.message.split('\n')[0]}`); // the server's stop ends the kernel
    }
  }
  if (pageErrors.length) {
    fs.writeFileSync(path.join(out, `${path.basename(name, '.ipynb')}.page-errors.txt`), pageErrors.join('\n'));
  }
  return {
    name,
    failures,
    seconds: Math.round((Date.now() - start) / 1000),
    codeCells: cells.filter((c) => c.type === 'code').length,
    figures: cells.reduce((n, c) => n + (c.images?.length ?? 0), 0),
  };
}

/** Parses the command line; see the top of this file. */
function parseArgs(argv) {
  const o = {
    root: path.join(repo, 'notebooks'),
    specs: path.join(here, 'specs'),
    out: path.join(repo, 'build/browser'),
    names: [],
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (['--root', '--specs', '--out'].includes(a)) {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a directory`);
      o[a.slice(2)] = path.resolve(argv[++i]);
    } else if (a === '--verbose') {
      o.verbose = true;
    } else if (a.startsWith('-')) {
      throw new Error(`unknown flag ${a} (usage: run.mjs [--root DIR] [--specs DIR] [--out DIR] [--verbose] [NOTEBOOK.ipynb ...])`);
    } else {
      o.names.push(path.basename(a));
    }
  }
  const all = fs.readdirSync(o.root).filter((f) => f.endsWith('.ipynb')).sort();
  if (o.names.length === 0) o.names = all;
  const unknown = o.names.filter((n) => !all.includes(n));
  if (unknown.length) throw new Error(`no such notebook in ${o.root}: ${unknown.join(', ')}`);
  if (o.names.length === 0) throw new Error(`no notebooks in ${o.root}`);
  return o;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let code = 1;
  try {
    const opts = parseArgs(process.argv.slice(2));
    const start = Date.now();
    const results = await runNotebooks(opts);
    const failed = results.filter((r) => r.failures.length).length;
    console.log(`screenshots and the server's log: ${path.relative(process.cwd(), opts.out) || '.'}/`);
    console.log(`the browser test took ${Math.round((Date.now() - start) / 1000)} s`);
    console.log(`browser-test: ${results.length - failed} passed, ${failed} failed`);
    code = failed ? 1 : 0;
  } catch (err) {
    console.error(`browser-test: ${err.message}`);
  }
  await cleanupAll();
  await exitWith(code);
}
