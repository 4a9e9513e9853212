// The self-test's live cell that its check leaves running: the runner must interrupt the
// kernel, fail the cell, and then run the rest (this text must show).
import { livePlayground } from '../../lib/playground.mjs';

export default {
  live: 2,
  texts: ['after the interrupt'],
  async check({ page }) {
    await livePlayground(page, 2); // live, and left so
  },
};
