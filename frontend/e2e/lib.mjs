// What the browser scripts (smoke.mjs, live.mjs) share: the command line, step logging, checks, the REST helper, and
// a run in Debian's Chromium (CHROMIUM overrides the path) through playwright-core under an overall timeout, with a
// screenshot and the page's problems on failure. Each script keeps its own steps.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const OVERALL_TIMEOUT_MS = 120_000;
const STEP_TIMEOUT_MS = 15_000;

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** A JSON request to the server's REST API; throws with the status and body unless it answers 2xx. */
export async function api(method, url, body) {
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    throw new Error(`${method} ${url} failed: ${error.cause?.code ?? error.cause?.message ?? error.message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/**
 * One browser script, `e2e/<tag>.mjs`: reads the base URL from the command line (exits 2 without one) and returns
 * `base`, `log`, `begin` (names the step a failure is reported against) and `run`, which drives a fresh Chromium
 * profile through `steps(page)` and resolves to the exit code: 0 after an `OK: <name>` line, 1 after a message.
 * `failedResponses` also reports every HTTP answer of 400 or more the page got.
 */
export function browserScript(tag, { failedResponses = false } = {}) {
  const base = (process.argv[2] ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base)) {
    console.error(`usage: node e2e/${tag}.mjs <base URL, e.g. http://localhost:8080>`);
    process.exit(2);
  }

  let step = 'start';
  const log = (message) => console.log(`[${tag}] ${message}`);
  const fail = (message) => console.error(`[${tag}] ${message}`);
  function begin(what) {
    step = what;
    log(what);
  }

  async function run(name, steps) {
    const profile = await mkdtemp(join(tmpdir(), 'promptforge-e2e-profile-'));
    const problems = [];
    let context;
    let page;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: [
          '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync',
        ],
        timeout: 60_000,
      });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
      if (failedResponses) {
        page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
      }

      let timer;
      const overall = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`gave up after ${OVERALL_TIMEOUT_MS / 1000} s`)), OVERALL_TIMEOUT_MS);
      });
      try {
        await Promise.race([steps(page), overall]);
      } finally {
        clearTimeout(timer);
      }
      log(`OK: ${name}`);
      return 0;
    } catch (error) {
      fail(`FAILED at step "${step}": ${error instanceof Error ? error.message : error}`);
      if (page) {
        const shot = join(tmpdir(), `promptforge-e2e-${tag}-${Date.now()}.png`);
        try {
          await page.screenshot({ path: shot, fullPage: true, timeout: 10_000 });
          fail(`screenshot: ${shot} (page ${page.url()})`);
        } catch (e) {
          fail(`no screenshot: ${e instanceof Error ? e.message : e}`);
        }
      }
      for (const p of problems) fail(p);
      return 1;
    } finally {
      await context?.close().catch(() => {});
      await rm(profile, { recursive: true, force: true }).catch(() => {});
    }
  }

  return { base, log, begin, run };
}
