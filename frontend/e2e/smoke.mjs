// Browser smoke test against a running promptforge server.
//   node e2e/smoke.mjs http://localhost:8080
// Drives Debian's Chromium (CHROMIUM overrides the path) through playwright-core; exits 0 on success,
// 1 with a message (and a screenshot path) on failure, 2 on bad usage.
import { randomBytes } from 'node:crypto';
import { api, browserScript, check } from './lib.mjs';

const { base, begin, run } = browserScript('smoke');

const name = `e2e/${randomBytes(6).toString('hex')}`;
const apiPrompt = `${base}/api/v1/prompts/${encodeURIComponent(name)}`;
const short = (id) => id.slice(0, 12);

const REMOVED = 'You are a helpful assistant.';
const ADDED = 'You are a terse assistant.';
const V1 = `# Greeting\n${REMOVED}\nAnswer the question.\n`;
const V2 = `# Greeting\n${ADDED}\nAnswer the question.\n`;
const V3 = `# Greeting\n${ADDED}\nAnswer the question in one line.\n`;

async function historyIds(page) {
  return page.locator('[data-testid=history] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.commit));
}

async function steps(page) {
  begin(`create ${name} through the REST API`);
  const created = await api('POST', `${base}/api/v1/prompts`, { name, content: V1, message: 'first version', author: 'e2e' });
  const c1 = created.commit;
  check(typeof c1 === 'string' && c1.length >= 12, `create returned no commit id: ${JSON.stringify(created)}`);

  begin('commit a second version through the REST API');
  const c2 = (await api('POST', `${apiPrompt}/commits`, {
    branch: 'main', expectedHead: c1, content: V2, message: 'second version', author: 'e2e',
  })).commit;
  check(c2 && c2 !== c1, `second commit id ${c2} should differ from ${c1}`);

  begin('open the UI and search for the prompt');
  await page.goto(`${base}/`);
  await page.getByLabel('Search prompts').fill(name);
  await page.getByRole('button', { name: 'Search' }).click();
  const link = page.getByRole('link', { name, exact: true });
  await link.waitFor();

  begin('open the prompt and check it shows the second version');
  await link.click();
  const content = page.getByTestId('content');
  await content.waitFor();
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid=content]')?.textContent === expected, V2,
  ).catch(async () => {
    throw new Error(`content shown is ${JSON.stringify(await content.textContent())}, expected ${JSON.stringify(V2)}`);
  });
  check((await page.getByTestId('head').textContent()) === short(c2), 'the commit id shown is not the second commit');

  begin('check the history lists both commits, newest first');
  await page.locator(`[data-testid=history] tr[data-commit="${c1}"]`).waitFor();
  const ids = await historyIds(page);
  check(ids.length === 2 && ids[0] === c2 && ids[1] === c1, `history shows ${JSON.stringify(ids)}, expected [${c2}, ${c1}]`);

  begin('select the two commits and check the diff');
  await page.getByLabel(`From ${short(c1)}`).check();
  await page.getByLabel(`To ${short(c2)}`).check();
  await page.getByRole('button', { name: 'Show diff' }).click();
  await page.getByTestId('diff').waitFor();
  const deleted = page.locator('[data-testid=diff] .d2h-del').filter({ hasText: REMOVED });
  const inserted = page.locator('[data-testid=diff] .d2h-ins').filter({ hasText: ADDED });
  await deleted.first().waitFor().catch(() => { throw new Error(`diff does not show the removed line "${REMOVED}"`); });
  await inserted.first().waitFor().catch(() => { throw new Error(`diff does not show the added line "${ADDED}"`); });

  begin('edit in the UI and commit');
  await page.getByRole('link', { name: `← ${name}` }).click();
  const editor = page.getByLabel('Content', { exact: true });
  await editor.waitFor();
  check((await editor.inputValue()) === V2, 'the editor does not start from the branch head');
  await editor.fill(V3);
  await page.getByLabel('Commit message').fill('edited in the browser');
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Committed' }).waitFor();

  begin('check the new head appears in history');
  const c3 = (await api('GET', `${apiPrompt}?ref=main`)).commit;
  check(c3 !== c2, 'the branch head did not move after committing in the UI');
  await page.locator(`[data-testid=history] tr[data-commit="${c3}"]`).waitFor();
  const after = await historyIds(page);
  check(after.length === 3 && after[0] === c3, `history shows ${JSON.stringify(after)}, expected ${c3} first of 3`);
  check((await content.textContent()) === V3, 'the content shown is not the version committed in the UI');
  check((await page.getByTestId('head').textContent()) === short(c3), 'the commit id shown is not the new head');
}

process.exit(await run(name, steps));
