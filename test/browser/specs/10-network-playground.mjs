// Notebook 10's playground, driven while it runs (cell 6 stays live until it is ended): Play
// makes the epoch count rise and the test loss fall, Pause stops it, Step adds one epoch; a
// unit chosen in the panel, and one clicked in the picture, fills the big map; twenty moves of
// the learning rate's slider are timed to the new picture; Regenerate starts again on new
// points; bad CSV files show what is wrong with them; the features, the hidden layers and the
// learning rate change what trains; Save writes a model file that dlkit reads; and Kernel >
// Interrupt ends the playground, after which the next cell runs percept predict on the saved
// network and must find the test accuracy the playground showed.

import fs from 'node:fs';
import path from 'node:path';
import { clickMenu, sleep } from '../lib/notebook.mjs';
import { checkBadCSV, livePlayground, median } from '../lib/playground.mjs';

const CELL = 5; // the playground's cell, 0-based
const PREDICT = 7; // the cell that runs percept predict on the saved model

let savedAccuracy = null; // the test accuracy shown when Save was pressed

export default {
  live: CELL,
  async check({ page, root, out, fail }) {
    const pg = await livePlayground(page, CELL);
    const epoch = async () => Number(await pg.status('epoch'));
    const testLoss = async () => Number(await pg.status('testLoss'));
    if ((await epoch()) !== 0) fail(null, `the playground starts at epoch ${await epoch()}, want 0`);
    const loss0 = await testLoss();
    if (!(loss0 > 0.5)) fail(null, `the untrained network's test loss is ${loss0}, want about ln 2 = 0.69`);

    // Play: the epochs rise and the test loss falls; Pause stops them.
    await pg.press('play');
    await pg.waitStatus('epoch', (t) => Number(t) >= 150, 'epoch 150 while playing', { timeoutS: 120 });
    await pg.cell.screenshot({ path: path.join(out, '10-network-playground-playing.png') });
    await pg.press('play'); // now labelled Pause
    await pg.panel.locator('button[data-name="play"]', { hasText: 'Play' }).waitFor({ timeout: 10_000 });
    const paused = await epoch();
    const loss = await testLoss();
    if (!(loss < loss0 - 0.2)) fail(null, `after ${paused} epochs the test loss is ${loss}, from ${loss0}: it did not fall`);
    await sleep(700);
    if ((await epoch()) !== paused) fail(null, `after Pause the epoch went on from ${paused} to ${await epoch()}`);
    await pg.press('step');
    await pg.waitStatus('epoch', (t) => Number(t) === paused + 1, `epoch ${paused + 1} after Step`);

    // A unit's map, large: chosen in the panel, then clicked in the picture.
    let before = await pg.frame();
    await pg.choose('show', 'layer 1, unit 2');
    await pg.waitStatus('map', (t) => t === 'layer 1, unit 2', 'the big map of layer 1, unit 2');
    before = await pg.waitNewFrame(before, 'choosing layer 1, unit 2');
    await pg.clickHotspot('layer 2, unit 1');
    await pg.waitStatus('map', (t) => t === 'layer 2, unit 1', 'the big map of layer 2, unit 1, by a click');
    await pg.waitNewFrame(before, 'clicking layer 2, unit 1');
    await pg.cell.screenshot({ path: path.join(out, '10-network-playground-unit.png') });
    await pg.clickHotspot('output');
    await pg.waitStatus('map', (t) => t === 'output', 'the output back, by a click on the big map');

    // The learning rate: twenty moves, each timed from the input event to the new picture
    // (the frame names the rate, so every move draws one).
    const ms = await pg.latencies('rate', 20, (k) => 6 + (k % 4));
    const lost = ms.filter((m) => m < 0).length;
    if (lost) fail(null, `${lost} of 20 learning-rate moves brought no new frame within 5 s`);
    const med = median(ms.filter((m) => m >= 0));
    fs.writeFileSync(path.join(out, '10-network-playground.latency.json'), JSON.stringify({ slider: 'rate', ms, medianMs: med }, null, 1));
    console.log(`      10-network-playground: slider to picture, median ${med.toFixed(1)} ms over 20 moves (${ms.map((m) => m.toFixed(0)).join(' ')})`);
    if (med > 1000) fail(null, `slider to picture takes ${med.toFixed(0)} ms (median): the frames are stuck`);

    // Regenerate: new points, epoch 0, and a new frame.
    before = await pg.frame();
    await pg.press('regenerate');
    await pg.waitStatus('epoch', (t) => t === '0', 'epoch 0 after Regenerate');
    await pg.waitNewFrame(before, 'Regenerate');

    // A CSV file of one's own that is not right: the page says what is wrong, and where, and
    // the playground goes on as it was.
    await checkBadCSV(pg, root, out, '10-network-playground');
    if ((await pg.panel.locator('select[data-name="data"] option:checked').innerText()) !== 'circle') {
      fail(null, 'after the bad files the data is no longer the circle');
    }

    // A new shape starts again: the circle with x1² and x2² alone, and no hidden layer.
    for (const [name, on] of [['f:x1^2', true], ['f:x2^2', true], ['f:x1', false], ['f:x2', false]]) await pg.check(name, on);
    const hidden = pg.panel.locator('input[data-name="hidden"]');
    await hidden.fill('');
    await hidden.press('Enter');
    await pg.waitStatus('shape', (t) => t === '2-1', 'the network x1², x2² → output');
    if ((await epoch()) !== 0) fail(null, `a new network starts at epoch ${await epoch()}, want 0`);
    await pg.setSlider('rate', 7); // back to 0.03, from 0.00001, 0.00003, 0.0001, ...
    if ((await pg.sliderLabel('rate')) !== '0.03') fail(null, `the learning rate's slider at 7 shows ${await pg.sliderLabel('rate')}, want 0.03`);
    await pg.press('play');
    await pg.waitStatus('testAccuracy', (t) => parseFloat(t) >= 99, 'one unit on x1², x2² to learn the circle', { timeoutS: 120 });
    await pg.press('play');
    await pg.panel.locator('button[data-name="play"]', { hasText: 'Play' }).waitFor({ timeout: 10_000 });

    // Save: the model file and the test points, which dlkit and percept predict read.
    await pg.press('save');
    const saved = await pg.waitStatus('saved', (t) => t.startsWith('models/playground.json at epoch '), 'the save');
    savedAccuracy = await pg.status('testAccuracy');
    const model = JSON.parse(fs.readFileSync(path.join(root, 'models/playground.json'), 'utf8'));
    if (model.format !== 'percept-mlp' || model.version !== 1 || JSON.stringify(model.inputs.omit) !== '[0,1]' || (model.hidden ?? []).length !== 0) {
      fail(null, `the saved model is ${JSON.stringify({ format: model.format, version: model.version, inputs: model.inputs, hidden: model.hidden }).slice(0, 300)}`);
    }
    if (!fs.existsSync(path.join(root, 'models/playground-test.csv'))) fail(null, 'Save wrote no models/playground-test.csv');
    await pg.cell.screenshot({ path: path.join(out, '10-network-playground-saved.png') });
    console.log(`      10-network-playground: saved ${saved}, test accuracy ${savedAccuracy}`);

    // Kernel > Interrupt ends it.
    await clickMenu(page, 'Kernel', 'Interrupt Kernel');
    const ended = pg.cell.locator('.percept-playground[data-state="ended"]');
    await ended.waitFor({ timeout: 30_000 });
    const text = await ended.innerText();
    if (!/^Interrupted \(Kernel > Interrupt\)\. Epoch \d+ of a 2-1 network on circle/.test(text)) fail(null, `after the interrupt the panel says "${text}"`);
  },

  // After the run: the next cell predicted with the saved network, as percept predict does.
  after({ cells, fail }) {
    const text = cells[PREDICT].text;
    const m = /accuracy (\d\.\d+) \((\d+) of (\d+) points\)/.exec(text);
    if (!m) {
      fail(cells[PREDICT], `shows no accuracy from percept predict: ${JSON.stringify(text.slice(0, 300))}`);
      return;
    }
    const shown = `${(100 * Number(m[1])).toFixed(1)}%`;
    if (savedAccuracy !== null && shown !== savedAccuracy) {
      fail(cells[PREDICT], `percept predict finds ${shown} on the test points, the playground showed ${savedAccuracy}`);
    }
  },
};
