// The self-test's live cell that ends on its own after its idle timeout (5 s): the check only
// waits, with a timeout, for the panel to say so (it may have ended before the check began);
// the frame stays, and the next cell runs.
import { cellLocator, waitFor } from '../../lib/notebook.mjs';

export default {
  live: 2,
  texts: ['after the idle timeout'],
  async check({ page, fail }) {
    const cell = cellLocator(page, 2);
    const ended = cell.locator('.percept-playground[data-state="ended"]');
    await waitFor('the playground to end after 5 s without a change', async () => (await ended.count()) > 0, { timeoutS: 60 });
    const text = await ended.innerText();
    if (!/^Ended after 5s without a change\. Last choice w=\(1, -1\), b=0/.test(text)) fail(null, `after the idle timeout the panel says "${text}"`);
    const f = await cell.locator('.jp-OutputArea-output img').evaluate((img) => ({ complete: img.complete, width: img.naturalWidth }));
    if (!(f.complete && f.width === 960)) fail(null, `after the idle timeout the frame is ${JSON.stringify(f)}`);
  },
};
