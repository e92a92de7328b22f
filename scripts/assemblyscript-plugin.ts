// Vite plugin: `import bytes from './x.ts?wasm'` compiles the AssemblyScript file x.ts to
// WebAssembly (SIMD on, no runtime, imported memory) and inlines the binary as a
// Uint8Array; `./x.ts?wasm-threads` compiles it for a shared imported memory (the threads
// feature: the threaded trainer's workers instantiate it over one memory). Works in the dev
// server, the build and vitest alike; nothing generated is kept in the tree.
import type { Plugin } from 'vite';
import asc from 'assemblyscript/asc';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ascConstants } from '../workers/train/constants.ts';

/** The module a trainer imports as './shared-constants': generated from workers/train/constants.ts, never a file. */
const SHARED = 'shared-constants.ts';

const SUFFIX = '?wasm';
const THREADS_SUFFIX = '?wasm-threads';
const ASC_FLAGS = ['-O3', '--enable', 'simd', '--runtime', 'stub', '--importMemory', '--noAssert', '--use', 'abort='];
/** A shared memory must declare a maximum: wasm32's whole 4 GiB (65,536 pages), so the caller's memory of any size fits. */
const THREADS_FLAGS = ['--enable', 'threads', '--sharedMemory', '--maximumMemory', '65536'];

/** Compiles one AssemblyScript file; throws with the compiler's messages on errors. */
async function compileAssemblyScript(file: string, threads = false): Promise<Uint8Array> {
  let binary: Uint8Array | undefined;
  const stderr: string[] = [];
  const flags = threads ? [...ASC_FLAGS, ...THREADS_FLAGS] : ASC_FLAGS;
  const { error } = await asc.main([file, ...flags, '--outFile', 'out.wasm'], {
    readFile: async (name, baseDir) => {
      if (name.endsWith(SHARED)) return ascConstants();
      return readFile(resolve(baseDir, name), 'utf8').catch(() => null);
    },
    writeFile: (name, contents) => {
      if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
    },
    stderr: { write: (s: string | Uint8Array) => (stderr.push(String(s)), true) } as never,
  });
  if (error || !binary) throw new Error(`AssemblyScript ${file}: ${error?.message ?? 'no output'}\n${stderr.join('')}`);
  return binary;
}

export function assemblyScript(): Plugin {
  return {
    name: 'assemblyscript-wasm',
    async load(id) {
      const threads = id.endsWith(THREADS_SUFFIX);
      if (!threads && !id.endsWith(SUFFIX)) return null;
      const file = id.slice(0, -(threads ? THREADS_SUFFIX : SUFFIX).length);
      this.addWatchFile(file);
      const bytes = await compileAssemblyScript(file, threads);
      const b64 = Buffer.from(bytes).toString('base64');
      return `const b = atob(${JSON.stringify(b64)});\nconst bytes = new Uint8Array(b.length);\nfor (let i = 0; i < b.length; i++) bytes[i] = b.charCodeAt(i);\nexport default bytes;\n`;
    },
  };
}
