import { startSandbox } from '../src/sandbox/server';

/**
 * The local sandbox in a process of its own, as `esign-drafts sandbox` runs it (without its
 * per-request console lines): the send benchmark's server when client and server must not share
 * a thread. Started with an IPC channel: it sends { port } once listening, clears its request
 * log on "clear", and exits on "stop" or when the parent goes away.
 */
async function main() {
  const sandbox = await startSandbox({ port: 0 });
  process.on('message', async (message) => {
    if (message === 'clear') sandbox.clearRequests();
    if (message === 'stop') {
      await sandbox.close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ port: sandbox.port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
