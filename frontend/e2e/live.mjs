// Browser test of live metrics against a running promptforge server.
//   node e2e/live.mjs http://localhost:8080
// Opens a run over REST, opens its page in Debian's Chromium (CHROMIUM overrides the path) through playwright-core,
// posts event batches over REST while the page stays open and checks the figures shown follow without a reload.
// Exits 0 on success, 1 with a message (and a screenshot path) on failure, 2 on bad usage.
import { randomBytes } from 'node:crypto';
import { api, browserScript, check } from './lib.mjs';

/** How long a posted batch may take to show on the page (the server sends within ~150 ms). */
const LIVE_TIMEOUT_MS = 5_000;

const { base, begin, run } = browserScript('live', { failedResponses: true });

const name = `e2e/live-${randomBytes(6).toString('hex')}`;
// Every event at one instant, so both batches fall into the same hour bucket whenever the test runs.
const at = new Date().toISOString();

const event = (id, accuracy, passed) => ({ id, case: `case-${id}`, metrics: { accuracy }, passed, latencyMs: 100, at });

/** Waits until every [testid, text] pair is shown, then reports what is shown if not. */
async function waitForTexts(page, expected, what) {
  try {
    await page.waitForFunction(
      (pairs) => pairs.every(([id, text]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === text),
      expected,
      { timeout: LIVE_TIMEOUT_MS },
    );
  } catch {
    const shown = await page.evaluate(
      (ids) => ids.map((id) => [id, document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? null]),
      expected.map(([id]) => id),
    );
    throw new Error(`${what}: after ${LIVE_TIMEOUT_MS} ms the page shows ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`);
  }
}

async function liveStatus(page) {
  return page.getByTestId('live-status').getAttribute('data-status');
}

async function steps(page) {
  begin(`create ${name} and open a run through the REST API`);
  await api('POST', `${base}/api/v1/prompts`, { name, content: 'Classify {{x}}', message: 'first version', author: 'e2e' });
  const opened = await api('POST', `${base}/api/v1/runs`, {
    prompt: name, ref: 'main', dataset: 'golden', ci: { sourceCommit: 'abc123', branch: 'feature/x', pipelineUrl: 'https://ci/1' },
  });
  const runId = opened.id;
  check(typeof runId === 'string' && runId.startsWith('run_'), `open returned no run id: ${JSON.stringify(opened)}`);

  begin('open the prompt page and follow the run from its Runs section');
  await page.goto(`${base}/#/p/${encodeURIComponent(name)}`);
  const link = page.locator(`[data-testid=runs] tr[data-run="${runId}"] a`);
  await link.waitFor();
  await link.click();
  await page.getByTestId('run-id').filter({ hasText: runId }).waitFor();
  check((await page.getByTestId('run-status').textContent()) === 'open', 'the run page does not show the run as open');
  check((await page.getByTestId('event-count').textContent()) === '0', 'the run page does not show 0 events');

  begin('wait for the live subscription of the default metric, the pass rate');
  const metric = page.getByLabel('Metric', { exact: true });
  check((await metric.inputValue()) === '_passed', `the metric chosen first is ${await metric.inputValue()}, not _passed`);
  await page.locator('[data-testid=live-status][data-status=live]').waitFor({ timeout: LIVE_TIMEOUT_MS }).catch(async () => {
    throw new Error(`the live state is ${await liveStatus(page)}, not live`);
  });
  await waitForTexts(page, [['total-count', '0'], ['total-mean', '–']], 'an empty run');
  // a reload would lose this mark
  await page.evaluate(() => {
    window.__notReloaded = true;
  });

  begin('post a first batch while the page is open and wait for its pass rate');
  const first = await api('POST', `${base}/api/v1/runs/${runId}/events`, [
    event('a', 0.9, true), event('b', 0.8, true), event('c', 0.1, false),
  ]);
  check(first.accepted === 3, `the first batch was not accepted whole: ${JSON.stringify(first)}`);
  await waitForTexts(page, [['latest-count', '3'], ['latest-mean', '0.6667'], ['total-count', '3'], ['total-mean', '0.6667']],
    'the first batch');

  begin('choose the accuracy metric, now listed, and check its totals');
  await page.locator('#metric-select option[value="accuracy"]').waitFor({ state: 'attached', timeout: LIVE_TIMEOUT_MS });
  await metric.selectOption('accuracy');
  await page.waitForFunction(() => location.hash.endsWith('?metric=accuracy'));
  await waitForTexts(page, [['latest-count', '3'], ['latest-mean', '0.6'], ['total-count', '3'], ['total-mean', '0.6']],
    'accuracy after the first batch');
  check((await liveStatus(page)) === 'live', `the live state is ${await liveStatus(page)}, not live`);

  begin('post a second batch and wait for the new totals');
  const second = await api('POST', `${base}/api/v1/runs/${runId}/events`, [event('d', 1, true), event('e', 0.5, true)]);
  check(second.accepted === 2, `the second batch was not accepted whole: ${JSON.stringify(second)}`);
  await waitForTexts(page, [['latest-count', '5'], ['latest-mean', '0.66'], ['total-count', '5'], ['total-mean', '0.66']],
    'the second batch');
  await waitForTexts(page, [['event-count', '5']], 'the run facts');
  check(await page.evaluate(() => window.__notReloaded === true), 'the page was reloaded');
  check((await liveStatus(page)) === 'live', 'the live state is no longer live');

  begin('switch to the built-in pass rate');
  await metric.selectOption('_passed');
  await waitForTexts(page, [['total-count', '5'], ['total-mean', '0.8']], 'the pass rate');
  check(await page.evaluate(() => window.__notReloaded === true), 'the page was reloaded');
  const summary = await page.getByTestId('chart').getAttribute('aria-label');
  check(summary?.includes('count 5') && summary.includes('mean 0.8'), `the chart's text alternative is ${JSON.stringify(summary)}`);
}

process.exit(await run(name, steps));
