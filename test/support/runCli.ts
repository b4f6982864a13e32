import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** The built CLI (node scripts/build.mjs writes it). */
export const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

/** Runs `esign-drafts <args>` in `cwd` with only PATH and `env` set (no secret leaks in from the shell). */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
