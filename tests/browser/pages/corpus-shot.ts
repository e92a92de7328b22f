// Manual check (not a test): ingests the bundled sample in the real app and screenshots the Corpus panel.
// npx tsx tests/browser/pages/corpus-shot.ts <out.png>
import { startVite, launchChromium } from '../../../scripts/harness';

const out = process.argv[2] ?? 'corpus.png';
const { server, url } = await startVite();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1100 } });
  await page.goto(url + 'index.html');
  await page.getByRole('button', { name: /bundled sample/ }).click();
  await page.getByTestId('corpus-stats').waitFor({ timeout: 240_000 });
  await page.reload();
  await page.getByTestId('corpus-stats').waitFor({ timeout: 120_000 });
  await page.screenshot({ path: out, fullPage: true });
  console.log('ok', out);
} finally {
  await browser.close();
  await server.close();
}
