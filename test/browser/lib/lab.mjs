// Starts a real JupyterLab server from the checkout's venv, for the browser test: on a free
// loopback port, with a random token, and with its own configuration, data, runtime, settings
// and workspace directories (in a temporary directory), so that nothing of the user's Jupyter
// setup leaks in and nothing the test does leaks out.
//
// The server never saves a notebook: autosave is off in its settings, and a pre-save hook
// refuses any save, so the committed notebooks stay as they are whatever the page does; and it
// keeps its checkpoints out of the notebooks' directory.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { atExit, killGroup } from './cleanup.mjs';

/** JupyterLab settings for the test: no autosave, no news or update checks over the network. */
const SETTINGS = {
  '@jupyterlab/docmanager-extension/plugin': { autosave: false },
  '@jupyterlab/apputils-extension/notification': { fetchNews: 'false', checkForUpdates: false },
  '@jupyterlab/extensionmanager-extension/plugin': { enabled: false },
};

const serverConfig = (checkpoints) => `
# Written by the browser test: the server it starts must never write into the notebooks'
# directory. No saves; and the checkpoint JupyterLab makes of each notebook it opens goes to a
# temporary directory, not to .ipynb_checkpoints/ beside the notebook.
from tornado.web import HTTPError

def refuse_save(model, path, contents_manager, **kwargs):
    raise HTTPError(403, f"the browser test does not save files ({path})")

c.FileContentsManager.pre_save_hook = refuse_save
c.FileCheckpoints.checkpoint_dir = ${JSON.stringify(checkpoints)}
`;

/** A free TCP port on 127.0.0.1 (the kernel picks it; we release it for Jupyter). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Kills every process whose command line names dir (the kernels, in their own sessions). */
export function killProcessesUsing(dir) {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline;
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(dir) && Number(pid) !== process.pid) {
      killGroup(Number(pid));
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `jupyter lab` serving root and resolves when it answers with the token.
 *
 * @param {object} o
 * @param {string} o.repo       the checkout (its build/venv has Jupyter)
 * @param {string} o.root       the directory to serve (the notebooks)
 * @param {string} o.log        file for the server's output
 * @param {number} [o.timeoutS] how long it may take to answer
 * @returns {Promise<{url: string, token: string, stop: () => Promise<void>}>}
 */
export async function startLab({ repo, root, log, timeoutS = 90 }) {
  const jupyter = path.join(repo, 'build/venv/bin/jupyter');
  if (!fs.existsSync(jupyter)) {
    throw new Error(`no ${jupyter}: run scripts/setup.sh first`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'percept-browser-'));
  const dirs = Object.fromEntries(
    ['config', 'data', 'runtime', 'settings', 'workspaces', 'checkpoints'].map((d) => [d, path.join(tmp, d)]),
  );
  for (const d of Object.values(dirs)) fs.mkdirSync(d);
  fs.writeFileSync(path.join(dirs.config, 'jupyter_server_config.py'), serverConfig(dirs.checkpoints));
  for (const [id, value] of Object.entries(SETTINGS)) {
    const file = path.join(dirs.settings, `${id}.jupyterlab-settings`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(value));
  }
  const token = crypto.randomBytes(24).toString('hex');
  const port = await freePort();
  const env = {
    ...process.env,
    JUPYTER_TOKEN: token, // not on the command line, where ps shows it
    JUPYTER_CONFIG_DIR: dirs.config,
    JUPYTER_DATA_DIR: dirs.data,
    JUPYTER_RUNTIME_DIR: dirs.runtime,
    JUPYTERLAB_SETTINGS_DIR: dirs.settings,
    JUPYTERLAB_WORKSPACES_DIR: dirs.workspaces,
    JUPYTER_PREFER_ENV_PATH: '1', // the venv's GoNB kernel before any user-wide one
  };
  delete env.JUPYTER_PATH;
  delete env.JUPYTER_CONFIG_PATH;
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, 'w');
  const args = [
    'lab',
    '--no-browser',
    '--ServerApp.ip=127.0.0.1',
    `--ServerApp.port=${port}`,
    '--ServerApp.port_retries=0',
    `--ServerApp.root_dir=${root}`,
    '--LabApp.expose_app_in_browser=True',
    '--ServerApp.terminals_enabled=False',
  ];
  if (process.getuid?.() === 0) args.push('--allow-root'); // CI runs as root
  const server = spawn(jupyter, args, { env, cwd: root, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  server.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    unregister();
    // SIGTERM: Jupyter shuts its kernels down and exits; then nothing may be left.
    if (exited === null) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // gone
      }
      for (let i = 0; i < 150 && exited === null; i++) await sleep(100);
    }
    killGroup(server.pid);
    killProcessesUsing(tmp);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const unregister = atExit(`JupyterLab server on port ${port}`, stop, server.pid);
  process.on('exit', () => {
    killProcessesUsing(tmp);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    if (exited !== null) {
      await stop();
      const tail = fs.readFileSync(log, 'utf8').split('\n').slice(-20).join('\n');
      throw new Error(`JupyterLab exited (${JSON.stringify(exited)}) before answering; ${log}:\n${tail}`);
    }
    try {
      const res = await fetch(`${url}/api/status`, {
        headers: { Authorization: `token ${token}` },
        signal: AbortSignal.timeout(2000),
      });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`JupyterLab did not answer on ${url} within ${timeoutS} s; see ${log}`);
    }
    await sleep(250);
  }
  return { url, token, stop, log };
}
