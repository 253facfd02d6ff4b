// Debian's Chromium driven by playwright-core (no browser download), a fresh profile per launch.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Screenshots of the browser tests (git-ignored). */
export const OUTPUT_DIR = join(ROOT, 'test-output', 'browser');

/** Why the browser tests cannot run here, or null. Without CI=true a missing Chromium skips them. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(reason);
  return reason;
}

/** Builds web/dist when a web source is newer than the build (scripts/build-web-if-stale.mjs). */
export function ensureWebBuilt(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-web-if-stale.mjs')], { stdio: 'inherit' });
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'caretql-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
