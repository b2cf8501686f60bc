import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { expect, onTestFailed } from 'vitest';

// Debian's chromium driven by playwright-core (Playwright cannot download its own browsers on
// the project's machines; .ci/run installs the package when it is missing).

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
const AXE_SOURCE = join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests drive Debian's chromium at ${CHROMIUM_PATH}, which is missing: ` +
        'apt-get install chromium (.ci/run does), or set CHROMIUM_PATH.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
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
  });
}

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/**
 * One test's record of the pages it visits: each `visit` saves a screenshot under
 * test-results/screenshots/<test>/ and runs axe-core on the page; problems (serious or critical
 * accessibility violations, uncaught page errors, CSP refusals) are collected, so one bad page
 * does not hide the rest of the flow, and `expectNoProblems` fails the test with all of them.
 */
export class Journal {
  readonly folder: string;
  private step = 0;
  private readonly problems: string[] = [];

  private readonly pages = new Set<Page>();

  /** Call it inside the test: when the test fails, every page still open is saved as it is. */
  constructor(testName: string) {
    this.folder = join(SCREENSHOTS, slug(testName));
    rmSync(this.folder, { recursive: true, force: true });
    mkdirSync(this.folder, { recursive: true });
    onTestFailed(async () => {
      let index = 0;
      for (const page of this.pages) {
        index += 1;
        const path = join(this.folder, `failed-${index}.png`);
        await page.screenshot({ path, fullPage: true }).catch(() => undefined);
      }
    });
  }

  /** A fresh context (own cookies and storage) whose pages report their errors here. */
  async newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport: DESKTOP,
      colorScheme: 'light',
      reducedMotion: 'reduce',
      locale: 'en-US',
      timezoneId: 'UTC',
      ...options,
    });
    context.setDefaultTimeout(10_000);
    context.on('page', (page) => this.watch(page));
    return context;
  }

  /**
   * Records the page as it is now: a screenshot (`<nn>-<step>.png`) and an axe-core run; with
   * `dark`, the same again in the dark color scheme (`<nn>-<step>-dark.png`).
   */
  async visit(page: Page, step: string, { dark = false } = {}): Promise<string> {
    this.step += 1;
    const name = `${String(this.step).padStart(2, '0')}-${slug(step)}`;
    const path = join(this.folder, `${name}.png`);
    await page.screenshot({ path, fullPage: true, animations: 'disabled' });
    await this.audit(page, step);
    if (dark) {
      await page.emulateMedia({ colorScheme: 'dark' });
      try {
        await settle(page);
        await page.screenshot({
          path: join(this.folder, `${name}-dark.png`),
          fullPage: true,
          animations: 'disabled',
        });
        await this.audit(page, `${step} (dark)`);
      } finally {
        await page.emulateMedia({ colorScheme: 'light' });
        await settle(page);
      }
    }
    return path;
  }

  /** Notes a problem found by the test itself (reported with the others at the end). */
  note(problem: string): void {
    this.problems.push(problem);
  }

  /** The problems noted so far. */
  get found(): readonly string[] {
    return this.problems;
  }

  /** Fails (softly: the test goes on) when any visited page had a problem. */
  expectNoProblems(): void {
    expect.soft(this.problems, `problems on the pages (screenshots in ${this.folder})`).toEqual([]);
  }

  private watch(page: Page): void {
    this.pages.add(page);
    page.on('close', () => this.pages.delete(page));
    page.on('pageerror', (error) => this.note(`${page.url()}: uncaught ${String(error)}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        this.note(`${page.url()}: ${message.text()}`);
      }
    });
  }

  private async audit(page: Page, step: string): Promise<void> {
    // page.addScriptTag({ path }) injects an inline <script>, which the app's strict CSP
    // (script-src 'self') refuses; evaluating the source through the DevTools protocol is not
    // subject to the page's CSP, and the page itself keeps its policy.
    if (!(await page.evaluate<boolean>("typeof axe === 'object'"))) {
      await page.evaluate(axeSource());
    }
    const options = JSON.stringify({
      runOnly: { type: 'tag', values: AXE_TAGS },
      resultTypes: ['violations'],
    });
    const violations = await page.evaluate<AxeViolation[]>(
      `axe.run(document, ${options}).then((results) => results.violations)`,
    );
    for (const violation of violations) {
      if (!FAILING_IMPACTS.has(violation.impact ?? '')) {
        continue;
      }
      const targets = violation.nodes.map((node) => {
        const summary = node.failureSummary?.split('\n').slice(1, 2).join(' ').trim();
        return `    ${node.target.join(' ')}${summary ? ` (${summary})` : ''}`;
      });
      this.note(
        `axe on "${step}" (${page.url()}): ${violation.id} [${violation.impact}] ` +
          `${violation.help}\n${targets.join('\n')}`,
      );
    }
  }
}

let axeText: string | undefined;
function axeSource(): string {
  axeText ??= readFileSync(AXE_SOURCE, 'utf8');
  return axeText;
}

/** Two animation frames: styles of a new color scheme applied and painted. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
  );
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/** Copies a screenshot to `relativePath` in the repository (for the README). */
export function saveForReadme(screenshot: Buffer, relativePath: string): void {
  const target = join(REPO_ROOT, relativePath);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, screenshot);
}
