// Driving a Percept playground (package playground) in a notebook cell, for the specs of the
// playground notebooks: its panel of controls (.percept-playground, each control found by its
// data-name, each status text by its data-status) over its frame, the cell's <img>. Every
// wait has a timeout.

import fs from 'node:fs';
import path from 'node:path';
import { cellLocator, waitFor, sleep } from './notebook.mjs';

/** The playground of cell index (0-based), once it is live: its panel answered by Go. */
export async function livePlayground(page, index, { timeoutS = 120 } = {}) {
  // A window tall enough for the whole cell, panel and picture, in a screenshot of it.
  await page.setViewportSize({ width: 1280, height: 1500 });
  const cell = cellLocator(page, index);
  const panel = cell.locator('.percept-playground');
  await waitFor(
    `the playground of cell ${index + 1} to be live`,
    async () => (await panel.count()) > 0 && (await panel.first().getAttribute('data-state')) === 'live',
    { timeoutS, describe: async () => `its panel is ${(await panel.count()) ? await panel.first().getAttribute('data-state') : 'not shown'}` },
  );
  return new Playground(page, cell, panel.first());
}

class Playground {
  constructor(page, cell, panel) {
    this.page = page;
    this.cell = cell;
    this.panel = panel;
  }

  /** A status text, as the panel shows it. */
  status(name) {
    return this.panel.locator(`[data-status="${name}"]`).innerText();
  }

  /** Waits until status name satisfies ok(text); returns the text. */
  async waitStatus(name, ok, what, { timeoutS = 30 } = {}) {
    return waitFor(`${what} (status "${name}")`, async () => {
      const t = await this.status(name);
      return ok(t) ? t : null;
    }, { timeoutS, describe: async () => `it shows "${await this.status(name)}"` });
  }

  /** The frame's <img>: its src's length and head, and its natural size. */
  frame() {
    return this.cell.locator('.jp-OutputArea-output img').evaluate((img) => ({
      src: img.src,
      width: img.naturalWidth,
      height: img.naturalHeight,
      complete: img.complete,
    }));
  }

  /** Waits until the frame differs from before (an earlier frame()) and has loaded. */
  async waitNewFrame(before, what, { timeoutS = 30 } = {}) {
    return waitFor(`a new frame after ${what}`, async () => {
      const f = await this.frame();
      return f.complete && f.width > 0 && f.src !== before.src ? f : null;
    }, { timeoutS, intervalMs: 50 });
  }

  /** Moves slider name to position i, as a drag would (an input event). */
  setSlider(name, i) {
    return this.panel.locator(`input[data-name="${name}"]`).evaluate((el, i) => {
      el.value = String(i);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, i);
  }

  /** The label a slider shows beside it. */
  sliderLabel(name) {
    return this.panel.locator(`input[data-name="${name}"]`).evaluate((el) => el.parentElement.querySelector('output').textContent);
  }

  /** Chooses the option with the given text in select name. */
  choose(name, label) {
    return this.panel.locator(`select[data-name="${name}"]`).selectOption({ label });
  }

  /** Sets checkbox name. */
  check(name, on) {
    return this.panel.locator(`input[data-name="${name}"]`).setChecked(on);
  }

  /** Types text into text box name and presses Enter, as a person loads a CSV file. */
  async enter(name, text) {
    const box = this.panel.locator(`input[type="text"][data-name="${name}"]`);
    await box.fill(text);
    await box.press('Enter');
  }

  /** Waits until the panel's error line satisfies ok(text); returns the text. */
  async waitError(ok, what, { timeoutS = 30 } = {}) {
    const line = this.panel.locator('.pg-error');
    return waitFor(`the error line to show ${what}`, async () => {
      const t = await line.innerText();
      return ok(t) ? t : null;
    }, { timeoutS, describe: async () => `it shows "${await line.innerText()}"` });
  }

  /** Presses button name. */
  press(name) {
    return this.panel.locator(`button[data-name="${name}"]`).click();
  }

  /** Clicks the frame in the middle of the hotspot with the given name (a unit, a pin). */
  async clickHotspot(name) {
    const spots = JSON.parse((await this.panel.getAttribute('data-hotspots')) ?? '[]');
    const h = spots.find((s) => s.name === name);
    if (!h) throw new Error(`no hotspot "${name}" in the frame (it has ${spots.map((s) => s.name).join(', ')})`);
    const img = this.cell.locator('.jp-OutputArea-output img');
    const { width, height } = await this.frame();
    const box = await img.boundingBox();
    await img.click({ position: { x: ((h.X + h.W / 2) * box.width) / width, y: ((h.Y + h.H / 2) * box.height) / height } });
  }

  /**
   * Times, in the page, n changes of slider name (to the positions of at(k)), each from the
   * input event to the load of the new frame's <img>: milliseconds, one per change.
   */
  async latencies(name, n, at) {
    const out = [];
    for (let k = 0; k < n; k++) {
      await sleep(150); // nothing in flight
      const ms = await this.cell.evaluate(
        (cell, { name, value }) =>
          new Promise((resolve) => {
            const area = cell.querySelector('.jp-OutputArea');
            const el = cell.querySelector(`.percept-playground input[data-name="${name}"]`);
            const t0 = performance.now();
            const timer = setTimeout(() => resolve(-1), 5000);
            const onLoad = (e) => {
              if (e.target.tagName !== 'IMG' || e.target.closest('.percept-playground')) return;
              area.removeEventListener('load', onLoad, true);
              clearTimeout(timer);
              resolve(performance.now() - t0);
            };
            area.addEventListener('load', onLoad, true);
            el.value = String(value);
            el.dispatchEvent(new Event('input', { bubbles: true }));
          }),
        { name, value: at(k) },
      );
      out.push(ms);
    }
    return out;
  }
}

/** The median of numbers. */
export function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Types CSV files that are not right into the playground's CSV box — one missing, one with a
 * word for a number (written in root/models/, where the test may write) — and waits for the
 * error line to say what is wrong and where; the file name and a line number. The panel must
 * stay live. A screenshot of the cell showing the second error goes to out as
 * NAME-bad-csv.png.
 */
export async function checkBadCSV(pg, root, out, name) {
  await pg.enter('csv', 'data/no-such-file.csv');
  await pg.waitError((t) => t.includes('no-such-file.csv') && /no such file/i.test(t), 'that data/no-such-file.csv does not exist');
  const bad = path.join(root, 'models', 'bad-points.csv');
  fs.mkdirSync(path.dirname(bad), { recursive: true });
  fs.writeFileSync(bad, 'x1,x2,label\n1,2,0\n3,oops,1\n');
  try {
    await pg.enter('csv', 'models/bad-points.csv');
    await pg.waitError((t) => t.includes('bad-points.csv: line 3, column 2 (x2): "oops" is not a number'), 'the bad number of models/bad-points.csv');
    await pg.cell.screenshot({ path: path.join(out, `${name}-bad-csv.png`) });
  } finally {
    fs.rmSync(bad, { force: true });
  }
  if ((await pg.panel.getAttribute('data-state')) !== 'live') throw new Error('after a bad CSV file the playground is no longer live');
}
