import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COVERAGE_DIR } from './openapi-check';

/**
 * Sums up which documented operations the e2e tests exercised, and with which statuses,
 * into test-artifacts/openapi-coverage.txt, and prints the one-line total.
 */
export function writeOpenApiCoverage(run: string): void {
  const dir = join(COVERAGE_DIR, run);
  if (!existsSync(dir)) return;
  const operations = new Set<string>();
  const exercised = new Map<string, Set<number>>();
  for (const file of readdirSync(dir)) {
    const part = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { operations: string[]; exercised: Record<string, number[]> };
    part.operations.forEach((o) => operations.add(o));
    for (const [key, statuses] of Object.entries(part.exercised)) {
      const seen = exercised.get(key) ?? new Set<number>();
      statuses.forEach((s) => seen.add(s));
      exercised.set(key, seen);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const lines = [...operations].sort().map((key) => {
    const seen = exercised.get(key);
    return `${seen ? '✓' : '·'} ${key}${seen ? `  ${[...seen].sort().join(' ')}` : ''}`;
  });
  const total = `OpenAPI: ${exercised.size} of ${operations.size} operations exercised by the e2e tests, every response checked against the document`;
  writeFileSync(join(COVERAGE_DIR, '..', 'openapi-coverage.txt'), `${total}\n\n${lines.join('\n')}\n`);
  console.log(`${total} (test-artifacts/openapi-coverage.txt)`);
}
