// `./x.ts?wasm`: an AssemblyScript file compiled to WebAssembly by the Vite plugin in
// scripts/assemblyscript-plugin.ts; the module's default export is the binary.
declare module '*?wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}

// `./x.ts?wasm-threads`: the same, compiled for a shared imported memory (threads feature).
declare module '*?wasm-threads' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
