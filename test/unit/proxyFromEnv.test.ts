import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bypassesProxy, proxyForUrl, proxyVariableProblem } from '../../src/core/send/proxyFromEnv';
import { closeIdleConnections, httpExchange } from '../../src/core/send/httpClient';
import { setProxyRoute } from '../../src/core/send/pooledAgents';
import { useEnvironmentProxies } from '../../src/cli/proxyAgents';
import { malformedLine } from '../../src/cli/envFile';
import { startSandbox } from '../../src/sandbox/server';
import { startCountingProxy } from '../support/countingProxy';
import { REPO_ROOT } from './lintSupport';

describe('proxies from the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)', () => {
  it('NO_PROXY: names cover their subdomains, a leading . or *. is the same, * is every host, a port narrows, case and a trailing dot do not matter', () => {
    const cases: [string, number, string, boolean][] = [
      ['api.example.com', 443, 'example.com', true],
      ['example.com', 443, 'example.com', true],
      ['api.example.com', 443, '.example.com', true],
      ['example.com', 443, '.example.com', true],
      ['api.example.com', 443, '*.example.com', true],
      ['notexample.com', 443, 'example.com', false],
      ['example.com.evil', 443, 'example.com', false],
      ['API.Example.COM.', 443, 'example.com', true],
      ['api.example.com', 443, 'other.org, example.com', true],
      ['api.example.com', 443, 'other.org example.com', true],
      ['api.example.com', 443, 'other.org', false],
      ['anything.at.all', 8443, '*', true],
      ['api.example.com', 8443, 'example.com:8443', true],
      ['api.example.com', 443, 'example.com:8443', false],
      ['10.0.0.7', 443, '10.0.0.7', true],
      ['10.0.0.70', 443, '10.0.0.7', false],
      ['[2001:db8::1]', 443, '[2001:db8::1]', true],
      ['[2001:db8::1]', 443, '2001:db8::1', true],
      ['[2001:db8::1]', 8443, '[2001:db8::1]:443', false],
      ['api.example.com', 443, '', false],
      ['api.example.com', 443, ' , ', false],
    ];
    for (const [host, port, noProxy, expected] of cases) assert.equal(bypassesProxy(host, port, noProxy), expected, `${host}:${port} NO_PROXY=${JSON.stringify(noProxy)}`);
  });

  it('loopback always bypasses, whatever NO_PROXY says', () => {
    for (const host of ['localhost', '127.0.0.1', '127.5.6.7', '[::1]', 'LOCALHOST']) assert.equal(bypassesProxy(host, 3737, undefined), true, host);
  });

  it('the proxy for a URL: by scheme, lower case first, ALL_PROXY as the fallback, http:// for a bare host:port', () => {
    assert.equal(proxyForUrl('https://api.ignisign.io/v3', { HTTPS_PROXY: 'http://proxy:3128' }), 'http://proxy:3128');
    assert.equal(proxyForUrl('https://api.ignisign.io/v3', { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' }), 'http://lower:1');
    assert.equal(proxyForUrl('https://api.ignisign.io/v3', { https_proxy: ' ', HTTPS_PROXY: 'http://upper:2' }), 'http://upper:2');
    assert.equal(proxyForUrl('https://api.ignisign.io/v3', { HTTP_PROXY: 'http://proxy:3128' }), undefined);
    assert.equal(proxyForUrl('http://staging.example/v3', { HTTP_PROXY: 'http://proxy:3128' }), 'http://proxy:3128');
    assert.equal(proxyForUrl('https://api.ignisign.io/v3', { ALL_PROXY: 'proxy:3128' }), 'http://proxy:3128');
    assert.equal(proxyForUrl('https://api.ignisign.io/v3', { HTTPS_PROXY: 'https://secure-proxy:443' }), 'https://secure-proxy:443');
    assert.equal(proxyForUrl('https://api.ignisign.io/v3', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'ignisign.io' }), undefined);
    assert.equal(proxyForUrl('https://api.ignisign.io/v3', { HTTPS_PROXY: 'http://proxy:3128', no_proxy: '.ignisign.io:8443' }), 'http://proxy:3128');
    assert.equal(proxyForUrl('http://127.0.0.1:3737/v3', { HTTP_PROXY: 'http://proxy:3128' }), undefined);
    assert.equal(proxyForUrl('not a url', { HTTPS_PROXY: 'http://proxy:3128' }), undefined);
  });

  it('a proxy variable that is not an http(s) URL is named, its value never shown', () => {
    assert.equal(proxyVariableProblem({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'x' }), undefined);
    assert.equal(proxyVariableProblem({ https_proxy: 'proxy.corp:3128' }), undefined);
    assert.equal(proxyVariableProblem({}), undefined);
    assert.equal(proxyVariableProblem({ HTTPS_PROXY: 'http://user:s3cret@[bad' }), 'HTTPS_PROXY is not a URL (expected http://host:port, or http://user:password@host:port)');
    assert.equal(proxyVariableProblem({ all_proxy: 'socks5://user:s3cret@proxy:1080' }), 'all_proxy names a socks5 proxy; only http:// and https:// proxies are supported');
  });

  it('HTTP_PROXY carries a plain-http request with its absolute URL (http-proxy-agent), and the route is removed again', async () => {
    const sandbox = await startSandbox({ port: 0 });
    const proxy = await startCountingProxy();
    try {
      useEnvironmentProxies({ HTTP_PROXY: proxy.url });
      const url = `http://esign-sandbox.test:${sandbox.port}/__sandbox/requests`;
      const exchange = await httpExchange({ method: 'GET', url, headers: {}, timeoutMs: 10_000 });
      assert.equal(exchange.status, 200);
      assert.deepEqual(proxy.forwarded, [url]);
      useEnvironmentProxies({});
      await assert.rejects(httpExchange({ method: 'GET', url, headers: {}, timeoutMs: 10_000 }), /esign-sandbox\.test|ENOTFOUND|EAI_AGAIN|resolve/i);
      assert.equal(proxy.forwarded.length, 1);
    } finally {
      setProxyRoute(undefined);
      closeIdleConnections();
      await Promise.all([sandbox.close(), proxy.close()]);
    }
  });
});

describe('where the proxy agents are bundled (esbuild metafiles)', () => {
  const inputs = (metaFile: string) => {
    const meta = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'out', metaFile), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    return Object.fromEntries(Object.entries(meta.outputs).map(([bundle, output]) => [bundle, Object.keys(output.inputs).map((p) => p.split(path.sep).join('/'))]));
  };
  const proxyLibraries = (files: string[]) => files.filter((p) => /node_modules\/(https-proxy-agent|http-proxy-agent|agent-base|debug)\//.test(p) || p === 'src/cli/proxyAgents.ts');

  it('in the CLI\'s send and draft bundles only, with `debug` silenced', () => {
    const cli = inputs('cli-bundles.meta.json');
    for (const bundle of ['dist/cli-send.js', 'dist/cli-draft.js']) {
      assert.ok(cli[bundle].includes('node_modules/https-proxy-agent/dist/index.js'), bundle);
      assert.ok(cli[bundle].includes('node_modules/http-proxy-agent/dist/index.js'), bundle);
      assert.ok(cli[bundle].includes('scripts/no-debug.js'), bundle);
      assert.deepEqual(cli[bundle].filter((p) => /node_modules\/debug\//.test(p)), [], bundle);
    }
    for (const bundle of ['dist/cli.js', 'dist/cli-lint.js', 'dist/cli-lsp.js', 'dist/cli-sandbox.js', 'dist/cli-config.js']) assert.deepEqual(proxyLibraries(cli[bundle]), [], bundle);
  });

  it('never in the extension (VS Code\'s own proxy support applies there)', () => {
    for (const [bundle, files] of Object.entries(inputs('extension-bundles.meta.json'))) assert.deepEqual(proxyLibraries(files), [], bundle);
  });
});

describe('env files: the line check before util.parseEnv', () => {
  it('accepts what Node reads as written', () => {
    for (const text of ['', '# only a comment\n', 'A=1\n', 'export A=1', '  A = 1  ', 'A=', 'A.B-C=1', 'A="multi\nline"\nB=2', "A='x # not a comment'", 'A="x"y"', 'A=1\r\nB=2\r\n', '\uFEFFA=1']) {
      assert.equal(malformedLine(text), undefined, JSON.stringify(text));
    }
  });
  it('names the first line Node would misread', () => {
    assert.deepEqual(malformedLine('A=1\nplain words\nB=2'), { line: 2, why: 'not an assignment' });
    assert.deepEqual(malformedLine('A=1\nLONE_NAME\n'), { line: 2, why: 'a name without "=value"' });
    assert.equal(malformedLine('A=1\nB=\'open\nC=3')?.line, 2);
    assert.equal(malformedLine('=value')?.line, 1);
  });
});
