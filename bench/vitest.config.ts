// Vitest configuration of `npm run bench`: benchmark files (bench/*.bench.ts) run one after the
// other in Node and print `BENCH <name> <value> <unit>` lines; later issues add more files here.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'bench',
    environment: 'node',
    include: ['bench/**/*.bench.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    // BENCH lines go straight to stdout instead of vitest's per-test console capture.
    disableConsoleIntercept: true,
  },
});
