// The whole quality gate behind `npm test`: type check, lint, format, then every Vitest project
// (unit, component, browser). Ends with one plain `N passed, N failed` line for CI.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const REPORT = 'test-results/vitest.json';
const bin = (name) => `node_modules/.bin/${name}`;

/** Runs a command with inherited output; returns true when it exits 0. */
function run(label, command, args) {
  console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.error) console.error(result.error.message);
  return result.status === 0;
}

mkdirSync('test-results', { recursive: true });
rmSync(REPORT, { force: true });

const gates = [
  ['type check', bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--fail-on-warnings']],
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
  ['format', bin('prettier'), ['--check', '.']],
];

let passed = 0;
let failed = 0;
const failures = [];
for (const [label, command, args] of gates) {
  if (run(label, command, args)) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

const vitestOk = run('tests', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${REPORT}`,
]);
try {
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (report.numFailedTests > 0) failures.push(`${report.numFailedTests} test(s)`);
  if (!vitestOk && report.numFailedTests === 0) {
    failed += 1;
    failures.push('vitest run (suite or setup error)');
  }
} catch {
  failed += 1;
  failures.push('vitest run (no report written)');
}

console.log('');
if (failures.length > 0) console.log(`Failed: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
