// Adds up Vitest's and Playwright's JSON reports into one closing line: "N passed, N failed".
// A stage that failed without a report (type check, build) counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, playwrightFile, failedStages, seconds] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

if (existsSync(vitestFile)) {
	const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
	passed += v.numPassedTests;
	failed += v.numFailedTests;
	skipped += v.numPendingTests + v.numTodoTests;
	lines.push(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed (${v.numTotalTestSuites} suites)`);
}
if (existsSync(playwrightFile)) {
	const p = JSON.parse(readFileSync(playwrightFile, 'utf8')).stats;
	passed += p.expected;
	failed += p.unexpected + p.flaky;
	skipped += p.skipped;
	lines.push(`playwright: ${p.expected} passed, ${p.unexpected} failed, ${p.flaky} flaky`);
}
const stages = failedStages ? failedStages.split(' ').filter(Boolean) : [];
const stageNames = (failedStages || '').trim();
if (stageNames) lines.push(`failed stages: ${stageNames}`);
const reportless = stageNames && failed === 0 ? 1 : 0;
failed += reportless;
for (const l of lines) console.log(l);
console.log(`finished in ${seconds}s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || stages.length > 0 ? 1 : 0);
