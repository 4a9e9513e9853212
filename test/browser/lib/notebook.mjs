// Driving one notebook in JupyterLab, as a person would: open it, "Kernel > Restart Kernel and
// Run All Cells…" and confirm, wait until every cell has run, then read what the page shows.
//
// The page's JupyterLab application object (window.jupyterapp, which the server exposes for the
// test) is read for what the eye cannot check: each cell's execution count and state, and the
// outputs the kernel sent. What a person sees is read from the DOM: rendered text, error blocks,
// and <img> elements and whether they loaded.
//
// Every wait here has a timeout; when one runs out, the error says what was still pending.

/** Sleeps ms milliseconds. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The cell as a failure message names it: its 1-based position in the notebook and its first
 * line (with the next one when the first is only GoNB's "%%").
 */
export function cellName(cell) {
  const lines = cell.source.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  let first = lines[0] ?? '';
  if (first === '%%' && lines.length > 1) first = `%% ${lines[1]}`;
  if (first.length > 80) first = `${first.slice(0, 77)}...`;
  return `cell ${cell.index + 1} (${JSON.stringify(first)})`;
}

/**
 * Polls probe() every intervalMs until it returns a truthy value, and returns that value. After
 * timeoutS it throws, with describe() (if given) telling what was still pending.
 */
export async function waitFor(what, probe, { timeoutS, intervalMs = 250, describe } = {}) {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) {
      const more = describe ? `: ${await describe()}` : '';
      throw new Error(`timed out after ${timeoutS} s waiting for ${what}${more}`);
    }
    await sleep(intervalMs);
  }
}

// Runs in the page (as window.perceptPanel). Finds the notebook panel for path among
// JupyterLab's main-area widgets.
function pagePanel(path) {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.content.widgets) return w;
  }
  return null;
}

/** The text of a visible JupyterLab dialog, or null. */
export async function dialogText(page) {
  const dialog = page.locator('.jp-Dialog');
  if ((await dialog.count()) === 0) return null;
  return (await dialog.first().innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * Opens path (relative to the server's root) in a fresh JupyterLab workspace and waits until its
 * GoNB kernel is connected. Fails if JupyterLab asks something (a kernel choice: no GoNB kernel).
 */
export async function openNotebook(page, lab, path, { workspace, timeoutS = 120 }) {
  const url = `${lab.url}/lab/workspaces/${workspace}/tree/${encodeURI(path)}?token=${lab.token}`;
  await page.addInitScript({ content: `window.perceptPanel = ${pagePanel.toString()};` });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutS * 1000 });
  await waitFor(
    `${path} to open with its kernel connected`,
    async () => {
      const dialog = await dialogText(page);
      if (dialog) throw new Error(`JupyterLab asks, on opening ${path}: "${dialog}"`);
      return page.evaluate(
        (path) => {
          const panel = window.perceptPanel(path);
          if (!panel || !panel.context.isReady) return false;
          const kernel = panel.sessionContext.session?.kernel;
          return kernel && kernel.connectionStatus === 'connected' ? kernel.name : false;
        },
        path,
      );
    },
    { timeoutS, intervalMs: 500 },
  ).then((name) => {
    if (name !== 'gonb') throw new Error(`${path} opened with the kernel "${name}", not gonb`);
  });
  // The notebook alone: no file browser beside it in the screenshots.
  await page.evaluate(() => window.jupyterapp.shell.collapseLeft());
}

/** Clicks a menu of the menu bar, then an item of it (whose label starts with item). */
export async function clickMenu(page, menu, item) {
  await page.locator('.lm-MenuBar-item', { hasText: new RegExp(`^${menu}$`) }).click();
  const entry = page.locator('.lm-Menu .lm-Menu-item:visible', {
    has: page.locator('.lm-Menu-itemLabel', { hasText: item }),
  });
  await entry.first().click();
}

/**
 * Restarts the kernel and runs all cells, through the Kernel menu and its confirmation dialog,
 * after clearing every output (so that nothing from the committed file can pass for this run's).
 */
export async function restartAndRunAll(page, path, { timeoutS = 60 } = {}) {
  await page.evaluate(
    (path) => {
      const panel = window.perceptPanel(path);
      window.jupyterapp.shell.activateById(panel.id);
      for (const cell of panel.content.widgets) {
        if (cell.model.type === 'code') cell.model.clearExecution();
      }
    },
    path,
  );
  await clickMenu(page, 'Kernel', 'Restart Kernel and Run All Cells');
  const dialog = page.locator('.jp-Dialog');
  await dialog.waitFor({ state: 'visible', timeout: timeoutS * 1000 });
  const text = await dialogText(page);
  if (!/Restart Kernel\?/.test(text)) throw new Error(`unexpected dialog: "${text}"`);
  await dialog.locator('button.jp-mod-accept').click({ timeout: timeoutS * 1000 });
  await dialog.waitFor({ state: 'detached', timeout: timeoutS * 1000 });
}

// Runs in the page: where the run stands.
function pageRunState(path) {
  const panel = window.perceptPanel(path);
  if (!panel) return { missing: true };
  const code = panel.content.widgets
    .map((c, index) => ({ c, index }))
    .filter(({ c }) => c.model.type === 'code' && c.model.sharedModel.getSource().trim() !== '');
  return {
    kernel: panel.sessionContext.session?.kernel?.status ?? 'none',
    running: code.filter(({ c }) => c.model.executionState === 'running').map(({ index }) => index),
    notRun: code.filter(({ c }) => c.model.executionCount === null).map(({ index }) => index),
    total: code.length,
  };
}

/**
 * Waits until the kernel is idle and no cell is queued or running, for a second on end (the
 * kernel is idle for a moment between cells). Fails at once if the kernel dies or a dialog
 * appears, and after timeoutS with the cells still running named.
 */
export async function waitForRun(page, path, { timeoutS, onProgress } = {}) {
  let calm = 0;
  let last = '';
  return waitFor(
    `the cells of ${path} to finish`,
    async () => {
      const dialog = await dialogText(page);
      if (dialog) throw new Error(`JupyterLab shows a dialog while running ${path}: "${dialog}"`);
      const st = await page.evaluate(pageRunState, path);
      if (st.missing) throw new Error(`${path} is no longer open`);
      if (st.kernel === 'dead') throw new Error(`the kernel of ${path} died`);
      const progress = `${st.total - st.notRun.length}/${st.total}`;
      if (onProgress && progress !== last) onProgress(progress);
      last = progress;
      calm = st.kernel === 'idle' && st.running.length === 0 ? calm + 1 : 0;
      return calm >= 4 ? st : null;
    },
    {
      timeoutS,
      describe: async () => {
        const st = await page.evaluate(pageRunState, path);
        const cells = await readCells(page, path);
        const names = (idx) => idx.map((i) => cellName(cells[i])).join(', ') || 'none';
        return `kernel ${st.kernel}; running: ${names(st.running)}; not run: ${names(st.notRun)}`;
      },
    },
  );
}

// Runs in the page: everything the checks need about every cell.
function pageCells(path) {
  const panel = window.perceptPanel(path);
  const STDERR = '[data-mime-type="application/vnd.jupyter.stderr"]';
  return panel.content.widgets.map((cell, index) => {
    const c = { index, type: cell.model.type, source: cell.model.sharedModel.getSource() };
    if (c.type !== 'code') return c;
    c.executionCount = cell.model.executionCount;
    c.executionState = cell.model.executionState;
    c.outputs = cell.model.outputs.toJSON().map((o) => ({
      type: o.output_type,
      name: o.name,
      ename: o.ename,
      evalue: o.evalue,
      mimes: Object.keys(o.data || {}),
    }));
    const area = cell.outputArea.node;
    // Error blocks as shown: stderr streams and error outputs, and GoNB's HTML error reports
    // (which carry the same mime-type attribute), the outermost of nested ones.
    const blocks = [...area.querySelectorAll(STDERR)];
    c.errorsShown = blocks
      .filter((n) => !blocks.some((m) => m !== n && m.contains(n)))
      .map((n) => n.innerText.trim())
      .filter((t) => t !== '');
    c.images = [...area.querySelectorAll('img')].map((img) => ({
      complete: img.complete,
      width: img.naturalWidth,
      height: img.naturalHeight,
      src: img.src.slice(0, 40),
    }));
    c.text = area.innerText;
    return c;
  });
}

/** Reads every cell: source, execution, outputs (from the model), and what the page shows. */
export function readCells(page, path) {
  return page.evaluate(pageCells, path);
}

/**
 * A Playwright locator of a cell (0-based index in the notebook) of the notebook on show, for a
 * spec's checks: .locator('.jp-OutputArea') is its outputs, where GoNB's widgets appear.
 */
export function cellLocator(page, index) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(index);
}

/** Waits until every <img> in the outputs has finished loading (or failing to). */
export async function waitForImages(page, { timeoutS = 30 } = {}) {
  await page.waitForFunction(
    () => [...document.querySelectorAll('.jp-OutputArea img')].every((img) => img.complete),
    null,
    { timeout: timeoutS * 1000, polling: 250 },
  );
}

/** Shuts the notebook's kernel down (the next notebook gets its own). */
export async function shutdownKernel(page, path, { timeoutS = 30 } = {}) {
  await Promise.race([
    page.evaluate(
      async (path) => {
        const panel = window.perceptPanel(path);
        if (panel) await panel.sessionContext.shutdown();
      },
      path,
    ),
    sleep(timeoutS * 1000),
  ]);
}

/**
 * Makes the window as tall as the whole notebook (which otherwise scrolls inside a page of the
 * window's size), scrolled to the top: then every cell is rendered (JupyterLab skips rendering
 * cells out of view), what the page shows can be read from all of them, and a screenshot shows
 * the whole notebook. Returns the height; notebooks taller than maxHeight are cut there.
 */
export async function expandToNotebook(page, path, { width = 1280, maxHeight = 32000 } = {}) {
  const measure = () =>
    page.evaluate((path) => {
      const panel = window.perceptPanel?.(path);
      if (!panel) return null; // not open (a failure): the page as it is
      const outer = panel.content.node.querySelector('.jp-WindowedPanel-outer') ?? panel.content.node;
      outer.scrollTop = 0;
      // The cells' height: the notebook pads itself below them by a window's height ("scroll past
      // the end"), so its scrollHeight grows with the window.
      const cells = outer.querySelectorAll('.jp-Cell');
      const last = cells[cells.length - 1];
      const bottom = last ? last.getBoundingClientRect().bottom - outer.getBoundingClientRect().top : 0;
      return { content: Math.ceil(bottom) + 40, view: outer.clientHeight, window: window.innerHeight };
    }, path);
  let height = page.viewportSize().height;
  for (let i = 0; i < 5; i++) {
    const m = await measure();
    if (!m) break;
    const want = Math.min(maxHeight, m.content + m.window - m.view);
    if (Math.abs(want - height) < 2) break;
    height = want;
    await page.setViewportSize({ width, height });
    await sleep(500); // layout, and figures coming into view
  }
  await measure();
  return height;
}

/** Saves a screenshot of the page (after expandToNotebook: of the whole notebook). */
export async function screenshot(page, file) {
  await page.screenshot({ path: file, fullPage: true, timeout: 60_000 });
}
