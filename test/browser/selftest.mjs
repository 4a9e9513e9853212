// The test of the browser test (make browser-test runs it first): run.mjs over the small
// notebooks in testdata/, each made to fail in one way, must exit 1 and name each failing
// notebook and cell as expected, and pass the one that is fine; and a notebook that writes a
// file beside itself must make it fail the directory (the test leaves it as it found it). Without this, a browser test
// that could no longer see a failure would pass forever.
//
//   node test/browser/selftest.mjs

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { atExit, exitWith } from './lib/cleanup.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

// For each notebook of testdata/: the lines run.mjs must print about it (all of them).
const EXPECTED = {
  'passes.ipynb': [/^ok {4}passes\.ipynb \(3 code cells, 1 figures, /],
  'panics.ipynb': [
    /^FAIL {2}panics\.ipynb /,
    /^ {6}panics\.ipynb: cell 4 \("%% var primes \[\]int"\): failed \(ERROR: exit status 2\); shows: panic: runtime error: index out of range \[3\] with length 0/,
  ],
  'compile-error.ipynb': [
    /^FAIL {2}compile-error\.ipynb /,
    /^ {6}compile-error\.ipynb: cell 4 \("%% fmt\.Println\(undefinedName\) \/\/ does not compile"\): failed \(ERROR: failed to run .*go build.*\); shows: .*undefined: undefinedName/,
  ],
  'broken-figure.ipynb': [
    /^FAIL {2}broken-figure\.ipynb /,
    /^ {6}broken-figure\.ipynb: cell 3 \("import \\"github\.com\/janpfeifer\/gonb\/gonbui\\""\): figure 1 did not load \(<img src="data:image\/png;base64,/,
  ],
  'wrong-number.ipynb': [
    /^FAIL {2}wrong-number\.ipynb /,
    /^ {6}wrong-number\.ipynb: does not show "sum_error1: 2\.772588722239781"$/,
  ],
  // The notebook itself passes; the directory it wrote into does not.
  'writes-file.ipynb': [
    /^ok {4}writes-file\.ipynb /,
    /^FAIL {2}\S+\/testdata: something wrote into it$/,
    /^ {6}stray-output\.txt: created while the notebooks ran in the browser$/,
  ],
};
// Lines that must not appear: a notebook failing for more than the one reason it was made for.
const UNEXPECTED = [/panics\.ipynb: cell [^4]/, /was not run/, /passes\.ipynb: /, /writes-file\.ipynb: /, /timed out/, /\.ipynb: (created|changed|deleted) while/];

const out = path.join(repo, 'build/browser/selftest');
const stray = path.join(here, 'testdata/stray-output.txt'); // what writes-file.ipynb writes
fs.rmSync(stray, { force: true });
const child = spawn(
  process.execPath,
  [path.join(here, 'run.mjs'), '--root', path.join(here, 'testdata'), '--specs', path.join(here, 'testdata/specs'), '--out', out],
  { stdio: ['ignore', 'pipe', 'inherit'], detached: true },
);
atExit('the self-test run', async () => child.kill('SIGTERM'), child.pid);
let stdout = '';
child.stdout.on('data', (d) => {
  stdout += d;
});
const [code] = await new Promise((resolve) => child.on('exit', (...a) => resolve(a)));
fs.rmSync(stray, { force: true });
const lines = stdout.split('\n');

const problems = [];
let checks = 0;
const check = (ok, problem) => {
  checks++;
  if (!ok) problems.push(problem);
};
for (const [name, patterns] of Object.entries(EXPECTED)) {
  const missing = patterns.filter((p) => !lines.some((l) => p.test(l)));
  check(missing.length === 0, `${name}: run.mjs did not print a line like ${missing.join(' or ')}`);
}
for (const p of UNEXPECTED) {
  const bad = lines.filter((l) => p.test(l));
  check(bad.length === 0, `run.mjs printed what it should not have: ${bad.join(' / ')}`);
}
check(code === 1, `run.mjs exited with ${code}, not 1, although notebooks failed`);
check(lines.includes('browser-test: 2 passed, 5 failed'), 'run.mjs did not sum up "2 passed, 5 failed"');

if (problems.length) {
  console.log("The browser test's own output was:\n" + stdout.replace(/^/gm, '  | '));
  for (const p of problems) console.log(`self-test: ${p}`);
}
console.log(`self-test: ${checks - problems.length} passed, ${problems.length} failed`);
await exitWith(problems.length ? 1 : 0);
