// `relata <command>` in this process: the command's prebuilt bundle (see cli-bundle.mjs), built
// first when its sources changed; the TypeScript sources through tsx when RELATA_CLI_FROM_SOURCE=1,
// for an unknown command, or when the bundle cannot be built. Node needs `--no-node-snapshot` for
// isolated-vm: run it as `node --no-node-snapshot runtime/bin/relata-cli.mjs` (`pnpm relata`).
import { freshBundle } from './cli-bundle.mjs';

const bundle = process.env.RELATA_CLI_FROM_SOURCE === '1' ? null : await freshBundle(process.argv[2]);
if (bundle) {
  await import(bundle);
} else {
  await import('tsx');
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
