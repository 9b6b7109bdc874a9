import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { renderDashboard } from './render-dashboard';
import { sampleReport } from '../../testing/sample-report';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); a developer machine without it skips, CI never does.
const describeInBrowser = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

describeInBrowser('the release dashboard in headless Chromium', () => {
  it('renders every project and the trend charts, with no console errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    try {
      const file = join(dir, 'dashboard.html');
      writeFileSync(file, renderDashboard(sampleReport()));
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`file://${file}`);
      expect(await page.title()).toBe('Release dashboard — /work/gpu-trading');
      const rows = await page
        .locator('#gates tbody tr')
        .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-project')));
      expect(rows).toEqual(['gpu-kernels', 'pricing-engine', 'strategy-api', 'docs-site']);
      expect(await page.locator('#gates tbody tr[data-project="pricing-engine"] td.fail').count()).toBe(1);
      expect(await page.locator('#trends svg path').count()).toBe(2);
      const box = await page.locator('#trends svg').first().boundingBox();
      expect(box?.width).toBeGreaterThan(100);
      expect(await page.locator('#details').innerText()).toContain('<script>alert("x")</script>'); // shown as text, never run
      // the sections a release manager reads in the morning, each laid out with something in it
      for (const section of ['#status .incident', '#health table', '#metrics table', '#timeline svg', '#trends svg']) {
        const found = await page.locator(section).first().boundingBox();
        expect(found?.height).toBeGreaterThan(10);
      }
      expect(await page.locator('#metrics tr[data-scope="workspace"]').innerText()).toMatch(/0\.47\/week ▲\s+was 0\.31\/week/);
      expect(await page.locator('#timeline svg circle, #timeline svg polygon, #timeline svg g').count()).toBe(4);
      expect(await page.locator('#trends svg line[stroke-dasharray]').count()).toBe(2); // the baseline of each metric
      const labels = await page.locator('#trends svg text').evaluateAll((elements) => elements.map((element) => element.textContent));
      expect(labels).toEqual(expect.arrayContaining(['2026-11-18', '2026-11-23', 'run date', 'processing_time']));
      await page.screenshot({ path: join(dir, 'dashboard.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
