// Notebook 09's playground, driven while it runs (cell 6 stays live until Stop): the sliders set
// to w = (0, 0), b = 0 on the article's points change the picture and show the article's summed
// error, 2.772588722239781, read from the page; pins keep choices side by side, and a click on
// one brings it back; the dataset changes; bad CSV files show what is wrong with them; twenty slider moves are timed from the input event to
// the new picture's load; Stop ends it, and the cells after it run.

import fs from 'node:fs';
import path from 'node:path';
import { checkBadCSV, livePlayground, median } from '../lib/playground.mjs';

const CELL = 5; // the playground's cell, 0-based

export default {
  live: CELL,
  texts: ['w = [0 0], b = 0: summed cross-entropy 2.772588722239781, mean 0.6931'],
  async check({ page, root, out, fail }) {
    const pg = await livePlayground(page, CELL);
    const first = await pg.frame();
    if (first.width !== 960) fail(null, `the frame is ${first.width} px wide, want 960`);
    if ((await pg.status('sum')) !== '7.80203873765316') {
      fail(null, `the starting choice w = (1, -1) shows a summed error of ${await pg.status('sum')}, want the article's 7.80203873765316`);
    }

    // w = (0, 0), b = 0: the middle of each slider, from −5 to 5 in steps of 0.1.
    for (const name of ['w1', 'w2', 'b']) {
      await pg.setSlider(name, 50);
      const label = await pg.sliderLabel(name);
      if (label !== '0') fail(null, `slider ${name} at position 50 shows ${label}, want 0`);
    }
    await pg.waitStatus('sum', (t) => t === '2.772588722239781', 'the summed error of w = (0, 0), b = 0');
    const zero = await pg.waitNewFrame(first, 'setting w = (0, 0), b = 0');
    for (const [name, want] of [['mean', '0.6931'], ['accuracy', '50.0%'], ['choice', 'w=(0, 0), b=0']]) {
      const got = await pg.status(name);
      if (got !== want) fail(null, `at w = (0, 0), b = 0 the panel shows ${name} ${got}, want ${want}`);
    }

    // Pin it; then w = (1, 1), lower, and pin that too: the picture grows a row of pins.
    await pg.press('pin');
    await pg.waitStatus('pins', (t) => t === '1', 'one pin');
    await pg.setSlider('w1', 60);
    await pg.setSlider('w2', 60);
    await pg.waitStatus('choice', (t) => t === 'w=(1, 1), b=0', 'the choice w = (1, 1)');
    const sum11 = Number(await pg.status('sum'));
    if (!(sum11 < 0.1)) fail(null, `w = (1, 1) shows a summed error of ${sum11}, want one below 0.1`);
    await pg.press('pin');
    await pg.waitStatus('pins', (t) => t === '2', 'two pins');
    const pinned = await pg.waitNewFrame(zero, 'pinning');
    if (!(pinned.height > zero.height)) fail(null, `with pins the frame is ${pinned.height} px tall, without ${zero.height}: no row of pins`);
    await pg.cell.screenshot({ path: path.join(out, '09-weights-playground-pins.png') });

    // A click on the first pin's map brings its choice back, sliders and all.
    await pg.clickHotspot('pinned choice 1: w=(0, 0), b=0');
    await pg.waitStatus('sum', (t) => t === '2.772588722239781', 'the first pin back, by a click');
    if ((await pg.sliderLabel('w1')) !== '0') fail(null, `after the click w1's slider shows ${await pg.sliderLabel('w1')}, want 0`);

    // Another dataset, then back.
    await pg.choose('data', 'XOR');
    const xor = await pg.waitStatus('sum', (t) => t !== '2.772588722239781', 'the summed error on XOR');
    if (!(Number(xor) > 10)) fail(null, `XOR's 60 points at w = 0 show a summed error of ${xor}, want 60·ln 2 ≈ 41.6`);
    await pg.choose('data', "the article's four points");
    await pg.waitStatus('sum', (t) => t === '2.772588722239781', 'the four points again');

    // A CSV file of one's own that is not right: the page says what is wrong, and where, and
    // the playground goes on as it was.
    await checkBadCSV(pg, root, out, '09-weights-playground');
    await pg.waitStatus('sum', (t) => t === '2.772588722239781', 'the four points still, after the bad files');

    // Slider to picture: twenty moves of w1, each timed from the input event to the new frame.
    const ms = await pg.latencies('w1', 20, (k) => 30 + k);
    const lost = ms.filter((m) => m < 0).length;
    if (lost) fail(null, `${lost} of 20 slider moves brought no new frame within 5 s`);
    const med = median(ms.filter((m) => m >= 0));
    fs.writeFileSync(path.join(out, '09-weights-playground.latency.json'), JSON.stringify({ slider: 'w1', ms, medianMs: med }, null, 1));
    console.log(`      09-weights-playground: slider to picture, median ${med.toFixed(1)} ms over 20 moves (${ms.map((m) => m.toFixed(0)).join(' ')})`);
    if (med > 1000) fail(null, `slider to picture takes ${med.toFixed(0)} ms (median): the frames are stuck`);
    await pg.cell.screenshot({ path: path.join(out, '09-weights-playground-live.png') });

    await pg.press('stop');
    const ended = pg.cell.locator('.percept-playground[data-state="ended"]');
    await ended.waitFor({ timeout: 30_000 });
    const text = await ended.innerText();
    if (!/^Stopped\. Last choice w=\(/.test(text)) fail(null, `after Stop the panel says "${text}"`);
  },
};
