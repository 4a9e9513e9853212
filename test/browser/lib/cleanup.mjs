// Ends whatever the browser test started, on every way out of it: a normal end, a failed check,
// an exception nobody caught, a rejected promise, SIGINT (Ctrl-C), SIGTERM and SIGHUP.
//
// Cleanups run last-registered first, each bounded in time; a cleanup that hangs or throws does
// not stop the others. At process exit, what is still registered as a process group is killed
// synchronously, so even an exit from a place that could not await leaves nothing running.

const tasks = []; // {name, fn, group}
let exiting = false;

/**
 * Registers fn (async) to run at the end; group, if given, is a process group id to SIGKILL at
 * exit should fn not have run. Returns a function that unregisters it (after the caller has
 * cleaned up itself).
 */
export function atExit(name, fn, group) {
  const task = { name, fn, group };
  tasks.push(task);
  return () => {
    const i = tasks.indexOf(task);
    if (i >= 0) tasks.splice(i, 1);
  };
}

/** Runs every registered cleanup, newest first, each for at most timeoutMs. */
export async function cleanupAll(timeoutMs = 30_000) {
  while (tasks.length) {
    const task = tasks.pop();
    let timer;
    try {
      await Promise.race([
        task.fn(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`took over ${timeoutMs / 1000} s`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      console.error(`browser-test: cleanup "${task.name}" failed: ${err.message}`);
      killGroup(task.group);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** SIGKILLs a process group, ignoring one that is gone already. */
export function killGroup(pgid) {
  if (!pgid) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Cleans up, then exits with code. */
export async function exitWith(code) {
  if (exiting) return;
  exiting = true;
  await cleanupAll();
  process.exit(code);
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    console.error(`browser-test: ${signal}: ending the browser and the server`);
    exitWith(code);
  });
}
process.on('uncaughtException', (err) => {
  console.error('browser-test: crashed:', err);
  exitWith(1);
});
process.on('unhandledRejection', (err) => {
  console.error('browser-test: crashed (unhandled rejection):', err);
  exitWith(1);
});
// The last resort, synchronous: whatever was not cleaned up is killed.
process.on('exit', () => {
  for (const task of tasks) killGroup(task.group);
});
