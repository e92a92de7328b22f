// The headless runner: `npm run lab -- <command> [flags]`. Runs the real engine worker in
// headless Chromium over files it serves itself. Progress → stderr; the last stdout line
// is one JSON object; failures exit non-zero with {"error": "…"}.
import { startVite, startFileServer, launchChromium, openLab } from './harness';
import { LabContext, parseFlags, LabFailure } from './lab-context';
import { commands, prechecks } from './commands/index';
import { samplePeakRss } from './proc-memory';

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(`usage: npm run lab -- <${Object.keys(commands).join('|')}> [flags]`);
    console.log(JSON.stringify({ error: name ? `unknown command: ${name}` : 'no command given' }));
    return 2;
  }
  const flags = parseFlags(rest);
  prechecks[name]?.(flags); // bad flags are refused before the servers and Chromium start
  const vite = await startVite();
  const files = await startFileServer();
  const adapter = flags.string('adapter', 'swiftshader');
  if (adapter !== 'swiftshader' && adapter !== 'default' && adapter !== 'none')
    throw new LabFailure(`--adapter must be swiftshader, default or none, not ${adapter}`);
  // 'none': Chromium without WebGPU, so the engine takes its CPU path (WebAssembly SIMD).
  const browser = await launchChromium(adapter === 'none' ? { noWebGpu: true } : { adapter });
  try {
    const { page } = await openLab(browser, vite.url);
    const ctx = new LabContext(page, files);
    await ctx.attach();
    const rss = samplePeakRss();
    const out = await command(ctx, flags);
    flags.assertAllUsed();
    // The Chromium renderers' peak resident memory during the command (page, engine, trainer threads).
    const rendererPeakMB = rss.stop();
    console.log(JSON.stringify(rendererPeakMB !== undefined && !('error' in out) ? { ...out, rendererPeakMB } : out));
    return 0;
  } finally {
    await browser.close().catch(() => {});
    await files.close();
    await vite.server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    if (!(e instanceof LabFailure) && e instanceof Error && e.stack) console.error(e.stack);
    console.log(JSON.stringify({ error: message }));
    process.exit(1);
  },
);
