// Launches the system's Chromium (Debian's chromium; no browser is downloaded) headless, through
// Playwright, and makes sure it is closed on every way out (see cleanup.mjs).

import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { atExit } from './cleanup.mjs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];

/** The Chromium to drive: $CHROMIUM if set, else the distribution's. */
export function chromiumPath() {
  const found = process.env.CHROMIUM || CANDIDATES.find((p) => fs.existsSync(p));
  if (!found || !fs.existsSync(found)) {
    throw new Error(`no Chromium (looked for ${CANDIDATES.join(', ')}; set CHROMIUM): run scripts/setup.sh`);
  }
  return found;
}

/** Starts headless Chromium with a fresh profile; resolves to Playwright's Browser. */
export async function launchChromium({ timeoutS = 60 } = {}) {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    timeout: timeoutS * 1000,
    // Our own handlers close the browser and the server on these (cleanup.mjs).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const unregister = atExit('Chromium', async () => {
    await browser.close();
  });
  browser.on('disconnected', unregister);
  return browser;
}
