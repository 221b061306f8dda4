import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPlugin } from './build';
import { packPlugin } from './pack';

const USAGE = `relata-plugin: build and pack Relata plugins

  relata-plugin build [--dir DIR] [--entry src/index.ts]   bundle the plugin into relata.entry (dist/plugin.js)
  relata-plugin pack  [--dir DIR] [--out DIR]              build, then write <name>-<version>.tgz and print its integrity
`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { dir: { type: 'string' }, entry: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command] = positionals;
  const folder = resolve(values.dir ?? '.');
  if (command === 'build') {
    const built = await buildPlugin(folder, values.entry);
    console.log(`built ${built.manifest.name}@${built.manifest.version}: ${built.bundlePath} (${built.bytes} bytes)`);
  } else if (command === 'pack') {
    const packed = await packPlugin(folder, values.out ? resolve(values.out) : folder);
    console.log(`packed ${packed.file} (${packed.bytes} bytes)\nintegrity ${packed.integrity}`);
  } else {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const details = (error as { details?: { field?: string } }).details;
  console.error(`relata-plugin: ${error instanceof Error ? error.message : String(error)}`);
  if (details?.field) console.error(`  at ${details.field}`);
  process.exitCode = 1;
});
