import fetch from 'node-fetch';
import { ignisignProfile } from '../src/core/providers/ignisign/profile';
import { startSandbox } from '../src/core/sandbox/server';
import { sendUpdate } from '../src/core/send/sendUpdate';
import { TokenCache } from '../src/core/send/tokenCache';
import { median } from './stats';

/**
 * Send overhead: our whole send (trust check, cached token, PUT with phase timings, body
 * capture, summary-ready exchange) against a bare node-fetch PUT of the same body with the same
 * token, both to the local sandbox in this process, interleaved. Goal (issue #4): under 10% at
 * the median. Prints figures; nothing is asserted (no timed tests).
 */

async function main() {
  const sandbox = await startSandbox({ port: 0 });
  try {
    const { environment, credentials } = ignisignProfile.send.localSandbox(sandbox.port);
    const tokens = new TokenCache();
    const body = JSON.stringify({ title: 'Benchmark', description: 'x'.repeat(1500), documentIds: ['65f1c2a9e4b0a1b2c3d4e600'], signerIds: ['65f1c2a9e4b0a1b2c3d4e601'] });
    const request = { profile: ignisignProfile, environment, credentials, targetId: '65f1c2a9e4b0a1b2c3d4e5f6', body, tokens, approvedOrigins: new Set<string>(), timeoutMs: 10_000 };
    const first = await sendUpdate(request);
    if (first.status !== 200) throw new Error(`warm-up send failed: ${first.status} ${first.error?.message}`);
    const token = tokens.values()[0];
    const url = first.request.url;
    const bare = async () => {
      const response = await fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' }, body });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`bare PUT failed: ${response.status} ${text.slice(0, 200)}`);
    };
    const ours = async () => {
      const outcome = await sendUpdate(request);
      if (outcome.status !== 200) throw new Error(`send failed: ${outcome.status}`);
    };
    const runs = 400;
    for (let i = 0; i < 50; i++) {
      await bare();
      await ours();
    }
    const bareTimes: number[] = [];
    const ourTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Interleaved, alternating who goes first, so that drift affects both alike.
      const pair = i % 2 === 0 ? [bare, ours] : [ours, bare];
      for (const fn of pair) {
        const start = process.hrtime.bigint();
        await fn();
        (fn === bare ? bareTimes : ourTimes).push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      sandbox.clearRequests();
    }
    const b = median(bareTimes);
    const o = median(ourTimes);
    const overhead = (o - b) / b;
    console.log(`send benchmark (${runs} interleaved PUTs each to the local sandbox over loopback)`);
    console.log(`  bare node-fetch PUT  median ${b.toFixed(3)} ms`);
    console.log(`  E-Sign Drafts send   median ${o.toFixed(3)} ms`);
    console.log(`  overhead             ${(overhead * 100).toFixed(1)}% (goal: under 10%) ${overhead < 0.1 ? 'met' : 'NOT met'}`);
  } finally {
    await sandbox.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
