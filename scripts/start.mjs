// `npm start`: a newcomer's first minute. Builds, starts the local sandbox on its default port,
// and opens VS Code with the extension on a copy of samples/ (in .vscode-test/playground, which
// git ignores, so experiments and auto-save never touch the tracked samples) — desktop VS Code
// when `code` is installed, else code-server (installed into .vscode-test/ on first use),
// printing the address to open. VS Code opens on a sample payload with our walkthrough beside it,
// not on its own Get Started page or a git prompt. It prints the sandbox's seeded ids to try.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { preparePlayground, WALKTHROUGH_ENV } from './playground.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const samples = join(root, '.vscode-test', 'playground');
const firstSample = preparePlayground(join(root, 'samples'), samples);
const editorEnv = { ...process.env, ...WALKTHROUGH_ENV };
const children = [];
const stopAll = () => {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
};
process.on('SIGINT', () => (stopAll(), process.exit(0)));
process.on('SIGTERM', () => (stopAll(), process.exit(0)));

execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

// 1. The sandbox, as `esign-drafts sandbox` (its first line is the JSON description). One that is
// already running on the default port (another `npm start`, `npm run sandbox`) is reused.
const running = await fetch('http://127.0.0.1:3737/').then((r) => r.json()).catch(() => undefined);
const describeSandbox = (d) => {
  const ids = (list) => (list ?? []).join(', ') || '(none)';
  console.log(`  Ignisign at ${d.ignisign.baseUrl}: draft ids ${ids(d.ignisign.draftIds)}; not drafts ${ids(d.ignisign.nonDraftIds)}`);
  console.log(`  Zigned at ${d.zigned.baseUrl}: draft ids ${ids(d.zigned.draftIds)}; not drafts ${ids(d.zigned.nonDraftIds)}`);
};
if (running?.ignisign?.baseUrl) {
  console.log('Local sandbox already running:');
  describeSandbox(running);
} else {
  const sandbox = spawn(process.execPath, [join(root, 'dist/cli.js'), 'sandbox'], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  children.push(sandbox);
  await new Promise((resolve, reject) => {
    sandbox.once('exit', (code) => reject(new Error(`the sandbox exited (${code}); is port 3737 in use by another program? Stop it, or run the sandbox elsewhere: node dist/cli.js sandbox --port 0`)));
    sandbox.stdout.once('data', (chunk) => {
      const description = JSON.parse(String(chunk).split('\n')[0]);
      console.log('Local sandbox started (stopped with Ctrl+C):');
      describeSandbox(description);
      resolve();
    });
  }).catch((error) => {
    console.error(`npm start: ${error.message}`);
    process.exit(1);
  });
}

// 2. VS Code with the extension under development.
const desktop = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).stdout.trim();
if (desktop && !process.env.ESIGN_DRAFTS_USE_CODE_SERVER) {
  console.log(`Opening desktop VS Code on ${samples} (a copy of samples/) with the extension under development…`);
  spawnSync(desktop, ['--extensionDevelopmentPath', root, samples, firstSample], { stdio: 'inherit', env: editorEnv });
  console.log('Sandbox still running: press Ctrl+C to stop it.');
} else {
  execFileSync('bash', [join(root, 'scripts/system-packages.sh')], { stdio: 'inherit' });
  execFileSync('bash', [join(root, 'scripts/install-code-server.sh')], { stdio: 'inherit' });
  const port = Number(process.env.PORT ?? (await freePort(8765)));
  const userData = join(root, '.vscode-test', 'start-user-data');
  mkdirSync(userData, { recursive: true });
  const bin = join(root, '.vscode-test', 'code-server-4.100.3', 'node_modules', '.bin', 'code-server');
  if (!existsSync(bin)) throw new Error('code-server is missing after install');
  // No workspace-trust prompt: the playground is our own copy of samples/ (desktop VS Code asks as usual).
  const server = spawn(bin, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', join(userData, 'extensions'), samples], { stdio: 'ignore', detached: true, env: editorEnv });
  children.push(server);
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', remote(root)], ['openFile', remote(firstSample)]]));
  console.log(`\nVS Code (code-server) with E-Sign Drafts on ${samples} (a copy of samples/):\n  http://127.0.0.1:${port}/?folder=${encodeURIComponent(samples)}&payload=${payload}\n`);
  console.log('It opens on a sample with the E-Sign Drafts walkthrough beside it: run "E-Sign Drafts: Send Update" (or click the code lens). Ctrl+C stops everything.');
}

function freePort(preferred) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      const any = createServer();
      any.listen(0, '127.0.0.1', () => {
        const { port } = any.address();
        any.close(() => resolve(port));
      });
    });
    server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(preferred)));
  });
}
