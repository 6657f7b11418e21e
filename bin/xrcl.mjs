#!/usr/bin/env node
// `npx xrcl` / `npm run -s xrcl --`: builds when the sources changed (messages on stderr, so
// stdout stays one JSON object with --json), then runs the bundled command line.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
if (build.status !== 0) process.exit(build.status ?? 1);
await import(pathToFileURL(join(root, 'dist', 'main', 'xrcl.js')).href);
