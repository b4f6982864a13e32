import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startSandbox } from '../../src/sandbox/server';
import { startHost } from '../integration/codeServerHost';
import { repoRoot } from '../integration/hostPaths';
import { screenshotFolder } from './screenshotFolder';

/**
 * End to end, as a person would: headless Chromium drives the real workbench (code-server),
 * opens a sample, runs "Send Update" from the command palette and reads the webview. Also
 * takes the README's screenshots: into .test-results/screenshots/ (git-ignored), or into the
 * tracked media/ only with --screenshots (`npm run screenshots`), so that a test run leaves the
 * checkout clean. Exits non-zero on the first failure.
 */
const results: { name: string; ok: boolean; error?: string }[] = [];
let currentPage: Page | undefined;

async function step(name: string, fn: () => Promise<void>) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✔ ${name}`);
  } catch (error) {
    results.push({ name, ok: false, error: error instanceof Error ? error.stack : String(error) });
    const shot = path.join(os.tmpdir(), `esign-drafts-e2e-failure-${results.length}.png`);
    await currentPage?.screenshot({ path: shot }).catch(() => undefined);
    console.log(`  ✖ ${name}\n      ${error instanceof Error ? error.message : String(error)}\n      (screenshot: ${shot})`);
  }
}

async function runCommand(page: Page, title: string) {
  // The palette lists the commands that apply when it opens: our payload commands need the
  // `esignDrafts.isPayload` context, set once the editor just focused is known to be a payload.
  // Opened again (three tries at most) when the command is not listed yet.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${title}`);
    const listed = await page
      .locator('.quick-input-list .monaco-list-row', { hasText: title })
      .first()
      .waitFor({ timeout: attempt < 3 ? 5_000 : 15_000 })
      .then(() => true, (error: Error) => (attempt < 3 ? false : Promise.reject(error)));
    if (listed) break;
    await page.keyboard.press('Escape');
  }
  await page.keyboard.press('Enter');
}

async function openFile(page: Page, name: string) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tab[data-resource-name="${name}"], .tab:has-text("${name}")`).first().waitFor({ timeout: 15_000 });
}

/** Opens a file and waits until its editor is the active one (a command then acts on it). */
async function focusFile(page: Page, name: string) {
  // From the explorer: Quick Open ranks "<name>.response.json" (saved earlier) alike.
  const exactly = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.locator('.explorer-folders-view .monaco-list-row .label-name').filter({ hasText: exactly }).first().click();
  await page.locator('.editor-group-container.active .tab.active .label-name').filter({ hasText: exactly }).first().waitFor({ timeout: 15_000 });
}

/** The webview frame that holds the response view (webviews are nested iframes). */
async function responseFrame(page: Page, predicate: (frame: Frame) => Promise<boolean>, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if ((await frame.locator('#status').count()) > 0 && (await predicate(frame))) return frame;
      } catch {
        // frame navigated away
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error('The response view did not show up');
}

async function main(): Promise<number> {
  const sandbox = await startSandbox({ port: 0 });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-e2e-'));
  const workspace = path.join(work, 'samples');
  fs.cpSync(path.join(repoRoot, 'samples'), workspace, { recursive: true });
  // A second environment (the sandbox again, as if it were a staging host) that needs real
  // credentials from Set Credentials…, and a payload that does not pin its environment.
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'esignDrafts.environments': [{ name: 'sandbox-as-staging', provider: 'ignisign', baseUrl: `http://127.0.0.1:${sandbox.port}`, appId: sandbox.description.ignisign.appId, appEnv: 'DEVELOPMENT' }] }, null, 2),
  );
  fs.writeFileSync(
    path.join(workspace, 'staging-check.ignisign.json'),
    JSON.stringify({ $request: { id: sandbox.description.ignisign.draftIds[1] }, title: 'Sent with credentials from secret storage', documentIds: ['65f1c2a9e4b0a1b2c3d4e610'], signerIds: ['65f1c2a9e4b0a1b2c3d4e602'] }, null, 2),
  );
  const host = await startHost({
    workspace,
    extensionDevelopmentPath: repoRoot,
    env: { ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port) },
    userSettings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.fontSize': 13, 'window.commandCenter': false, 'workbench.layoutControl.enabled': false },
    log: () => undefined,
  });
  const page = host.page;
  currentPage = page;
  const media = screenshotFolder(process.argv.includes('--screenshots'));
  fs.mkdirSync(media, { recursive: true });
  try {
    console.log('End-to-end in the workbench (code-server + headless Chromium)');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 }).catch(() => undefined);

    await step('the command palette lists E-Sign Drafts commands', async () => {
      // The palette fills in as the extension host registers contributions: ask again until it does.
      const deadline = Date.now() + 60_000;
      for (;;) {
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 15_000 });
        await input.fill('>New Payload');
        const found = await page.locator('.quick-input-list .monaco-list-row', { hasText: 'New Payload' }).first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
        const text = found ? await page.locator('.quick-input-list .monaco-list-row', { hasText: 'New Payload' }).first().innerText() : '';
        await page.keyboard.press('Escape');
        if (found && text.includes('E-Sign Drafts')) break;
        if (Date.now() > deadline) throw new Error(`"E-Sign Drafts: New Payload…" is not in the command palette (saw: "${text}")`);
      }
    });

    await step('a payload with problems shows our diagnostics and quick fixes', async () => {
      await openFile(page, 'needs-fixing.ignisign.json');
      await page.locator('.squiggly-error, .squiggly-warning').first().waitFor({ timeout: 30_000 });
      // Put the cursor on "titel" and open the quick-fix menu.
      await page.locator('.view-line', { hasText: '"titel"' }).first().click();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').first().waitFor({ timeout: 15_000 }).catch(() => undefined);
      await page.locator('.view-line', { hasText: '"titel"' }).first().click();
      await page.keyboard.press('Home');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Control+.');
      await page.locator('.action-widget, .context-view', { hasText: 'Rename "titel" to "title"' }).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(media, 'screenshot-authoring.png') });
      await page.keyboard.press('Escape');
    });

    await step('payload files are in the E-Sign Draft Payload language, still highlighted like JSON, with bracket matching', async () => {
      await openFile(page, 'needs-fixing.ignisign.json');
      await page.locator('.statusbar-item', { hasText: 'E-Sign Draft Payload' }).first().waitFor({ timeout: 15_000 });
      // JSON's grammar colours keys, strings and punctuation differently: several token classes on one line.
      const line = page.locator('.view-line', { hasText: '"titel"' }).first();
      const classes = await line.locator('span[class*="mtk"]').evaluateAll((spans) => [...new Set(spans.map((s) => s.className))]);
      if (classes.length < 2) throw new Error(`the payload is not highlighted (token classes: ${classes.join(', ')})`);
      // The cursor right after the opening brace: the language configuration's brackets are matched.
      await page.locator('.view-line').first().click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('ArrowRight');
      await page.locator('.bracket-match').first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: path.join(os.tmpdir(), 'esign-drafts-e2e-payload-language.png') });
    });

    await step('Send Update from the command palette shows 200 and the summary in the webview', async () => {
      await openFile(page, 'employment-contract.ignisign.json');
      await page.locator('.codelens-decoration', { hasText: 'Send Update' }).first().waitFor({ timeout: 30_000 });
      await runCommand(page, 'E-Sign Drafts: Send Update');
      const frame = await responseFrame(page, async (f) => ((await f.locator('#status').getAttribute('data-status')) ?? '') === '200');
      const status = (await frame.locator('#status').innerText()).trim();
      if (!/200/.test(status)) throw new Error(`status shows "${status}"`);
      const title = await frame.locator('[data-field="Title"] dd').innerText();
      if (title !== 'Employment contract — Jane Doe') throw new Error(`summary title is "${title}"`);
      if (!sandbox.requests.some((r) => r.method === 'PUT')) throw new Error('the sandbox saw no PUT');
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(media, 'screenshot-response.png') });
    });

    await step('Copy response body and Save response… from the response view', async () => {
      const frame = await responseFrame(page, async (f) => ((await f.locator('#status').getAttribute('data-status')) ?? '') === '200');
      const answer = [...sandbox.requests].reverse().find((r) => r.method === 'PUT');
      if (!answer) throw new Error('no PUT reached the sandbox');
      // Copy: the workbench's clipboard (the browser's) then holds the body as received.
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
      await frame.locator('[data-testid="action-copyBody"]').click();
      await page.locator('.statusbar', { hasText: 'Response body copied' }).first().waitFor({ timeout: 15_000 });
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const copiedBody = JSON.parse(copied) as { title?: string; _id?: string };
      if (copiedBody.title !== 'Employment contract — Jane Doe') throw new Error(`the clipboard holds ${copied.slice(0, 120)}`);
      // Save: VS Code's save dialog (the simple one, in the browser) proposes a name beside the
      // payload; accepted as is, the file holds the body as received.
      const target = path.join(workspace, 'employment-contract.ignisign.response.json');
      await frame.locator('[data-testid="action-saveBody"]').click();
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      const deadline = Date.now() + 15_000;
      while (!(await input.inputValue()).endsWith('employment-contract.ignisign.response.json')) {
        if (Date.now() > deadline) throw new Error(`the save dialog proposes "${await input.inputValue()}"`);
        await page.waitForTimeout(100);
      }
      await page.keyboard.press('Enter');
      await page.locator('.statusbar', { hasText: 'Response saved to employment-contract.ignisign.response.json' }).first().waitFor({ timeout: 15_000 });
      const saved = fs.readFileSync(target, 'utf8');
      if (saved !== copied) throw new Error('the saved file differs from the copied body');
      // Back to the payload, as a person would before sending again: click into its text, and
      // wait until the workbench takes it as the active editor (Send Update is offered again).
      await openFile(page, 'employment-contract.ignisign.json');
      await page.locator('.editor-instance .view-line', { hasText: '"title"' }).first().click();
      const back = Date.now() + 15_000;
      for (;;) {
        await page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 15_000 });
        await input.fill('>E-Sign Drafts: Send Update');
        const offered = await page.locator('.quick-input-list .monaco-list-row', { hasText: 'E-Sign Drafts: Send Update' }).first().waitFor({ timeout: 2_000 }).then(() => true, () => false);
        await page.keyboard.press('Escape');
        if (offered) break;
        if (Date.now() > back) throw new Error('Send Update is not offered again once the payload is active');
      }
    });

    await step('a body holding <script> and <img onerror> renders as text and runs nothing', async () => {
      const hostile = '<script>window.parent.postMessage("pwned","*");document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'"></style><style>body{display:none !important}</style><a href="javascript:alert(1)">x</a>';
      sandbox.injectFault({
        provider: 'ignisign',
        method: 'PUT',
        status: 400,
        body: { message: hostile, timestamp: new Date().toISOString(), status: 400, code: '<img src=x onerror=alert(1)>', context: { errors: [{ path: '/title', message: '<script>alert(1)</script>' }] }, [hostile]: 'javascript:alert(1)' },
      });
      await runCommand(page, 'E-Sign Drafts: Send Update');
      const frame = await responseFrame(page, async (f) => ((await f.locator('#status').getAttribute('data-status')) ?? '') === '400');
      const report = await frame.evaluate(() => ({
        images: document.querySelectorAll('img').length,
        // VS Code injects its own inline script (acquireVsCodeApi); none may carry the response's text.
        scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src') ?? `inline:${s.textContent ?? ''}`),
        handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
        links: [...document.querySelectorAll('a[href^="javascript:"]')].length,
        // VS Code adds its own default styles; none may hold the response's CSS.
        hostileStyles: [...document.querySelectorAll('style')].filter((el) => (el.textContent ?? '').includes('display:none !important')).length,
        styleAttributes: [...document.querySelectorAll('[style]')].filter((el) => (el.getAttribute('style') ?? '').includes('display')).length,
        bodyVisible: getComputedStyle(document.body).display !== 'none',
        title: document.title,
        text: document.body.innerText,
      }));
      if (report.images !== 0) throw new Error(`${report.images} <img> elements were created`);
      const hostileScripts = report.scripts.filter((src) => /pwned|alert/.test(src));
      if (hostileScripts.length) throw new Error(`a script from the response made it into the page: ${hostileScripts.join(', ')}`);
      if (report.scripts.filter((src) => !src.startsWith('inline:')).some((src) => !src.endsWith('/media/response.js'))) throw new Error(`unexpected script sources: ${report.scripts.join(', ')}`);
      if (report.handlers !== 0) throw new Error(`${report.handlers} elements carry inline event handlers`);
      if (report.links !== 0) throw new Error('a javascript: link was rendered');
      if (report.title === 'pwned') throw new Error('a script ran');
      if (report.hostileStyles || report.styleAttributes || !report.bodyVisible) throw new Error('CSS from the response was applied');
      if (!report.text.includes('<script>')) throw new Error('the hostile text is not shown as text');
    });

    await step('Set Credentials…, switching the environment in the status bar, and sending with them', async () => {
      await runCommand(page, 'E-Sign Drafts: Set Credentials');
      const input = page.locator('.quick-input-widget input');
      await page.locator('.quick-input-widget', { hasText: 'API secret' }).waitFor({ timeout: 15_000 });
      await input.fill(sandbox.description.ignisign.secret);
      await page.keyboard.press('Enter');
      await page.locator('.notifications-toasts', { hasText: 'credentials saved' }).first().waitFor({ timeout: 15_000 });
      await openFile(page, 'staging-check.ignisign.json');
      const item = page.locator('.statusbar-item', { hasText: 'local-sandbox' }).first();
      await item.waitFor({ timeout: 15_000 });
      await item.click();
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'sandbox-as-staging' }).first().click();
      await page.locator('.statusbar-item', { hasText: 'sandbox-as-staging' }).first().waitFor({ timeout: 15_000 });
      sandbox.clearRequests();
      await runCommand(page, 'E-Sign Drafts: Send Update');
      const frame = await responseFrame(page, async (f) => ((await f.locator('#environment').innerText().catch(() => '')) ?? '').includes('sandbox-as-staging') && (await f.locator('#status').getAttribute('data-status')) === '200');
      const html = await frame.content();
      if (html.includes(sandbox.description.ignisign.secret)) throw new Error('the secret is in the webview');
      const login = sandbox.requests.find((r) => r.path === '/v3/auth/app-api');
      if (!login) throw new Error('no login with the stored secret');
    });

    await step('Show Send History reopens an earlier response', async () => {
      await runCommand(page, 'E-Sign Drafts: Show Send History');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'employment-contract.ignisign.json' }).first().click();
      // A picked send offers what to do with it: open its response (replay and compare are the others).
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Response' }).first().click();
      await responseFrame(page, async (f) => ((await f.locator('#file').innerText().catch(() => '')) ?? '').includes('employment-contract.ignisign.json'));
    });

    await step("the draft's life: Pull Draft State, Preview Changes, Send Update, then Publish shows the published summary", async () => {
      // The seeded draft as it was: the earlier steps' sends are undone so that there is something to preview.
      sandbox.reset();
      await focusFile(page, 'employment-contract.ignisign.json');
      await page.locator('.editor-group-container.active .codelens-decoration', { hasText: 'Pull Draft State' }).first().waitFor({ timeout: 30_000 });
      await runCommand(page, 'E-Sign Drafts: Pull Draft State');
      await responseFrame(page, async (f) => ((await f.locator('#summary h2').innerText().catch(() => '')) ?? '').includes('pulled from local-sandbox: DRAFT'));
      await page.locator('.editor-group-container.active .codelens-decoration', { hasText: /State pulled \d\d:\d\d from local-sandbox/ }).first().waitFor({ timeout: 30_000 });
      if (!sandbox.requests.some((r) => r.method === 'GET' && r.path.endsWith('/context'))) throw new Error('the sandbox saw no GET of the context');

      await runCommand(page, 'E-Sign Drafts: Preview Changes');
      await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
      await page.locator('.tab', { hasText: 'after the update' }).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(800);
      await page.screenshot({ path: path.join(media, 'screenshot-preview-changes.png') });

      await focusFile(page, 'employment-contract.ignisign.json');
      await runCommand(page, 'E-Sign Drafts: Send Update');
      await responseFrame(page, async (f) => (await f.locator('#status').getAttribute('data-status')) === '200' && !((await f.locator('#summary h2').innerText().catch(() => '')) ?? '').includes('pulled from'));
      if (!sandbox.requests.some((r) => r.method === 'PUT')) throw new Error('the sandbox saw no PUT');

      // Publish asks first, even outside production: Enter answers the focused button, the safe one, and nothing is posted.
      const published = () => sandbox.requests.some((r) => r.method === 'POST' && r.path.endsWith('/publish'));
      const dialog = page.locator('.monaco-dialog-box');
      await focusFile(page, 'employment-contract.ignisign.json');
      await runCommand(page, 'E-Sign Drafts: Publish');
      await dialog.waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
      if (focused !== "Don't Publish") throw new Error(`the dialog's default button is "${focused}"`);
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
      await page.waitForTimeout(500);
      if (published()) throw new Error('Enter on the confirmation published');
      await focusFile(page, 'employment-contract.ignisign.json');
      await runCommand(page, 'E-Sign Drafts: Publish');
      await dialog.waitFor({ timeout: 15_000 });
      await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
      await responseFrame(page, async (f) => ((await f.locator('#summary h2').innerText().catch(() => '')) ?? '').includes('Published: the signature request'));
      if (!published()) throw new Error('the sandbox saw no publish');
      await page.waitForTimeout(800);
      await page.screenshot({ path: path.join(media, 'screenshot-published.png') });
    });
  } finally {
    await host.stop();
    await sandbox.close();
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`\ne2e: ${results.length - failed} passed, ${failed} failed`);
  return failed === 0 && results.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`e2e: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
