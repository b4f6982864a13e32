import * as vscode from 'vscode';

/** The sandbox's seeded targets (src/sandbox/seed.ts), shared by the suites that drive a draft's life. */
export const IGNISIGN_READY = '65f1c2a9e4b0a1b2c3d4e5f6';
export const IGNISIGN_NO_SIGNERS = '65f1c2a9e4b0a1b2c3d4e5f8';
export const IGNISIGN_NOT_DRAFT = '65f1c2a9e4b0a1b2c3d4e5f9';
export const ZIGNED_DRAFT = 'clx0f3k2p0000abcd1234efgh';
export const SIGNER = '65f1c2a9e4b0a1b2c3d4e601';

/** Runs `esignDrafts.<command>` on a file, with the command's options (what a test would otherwise click). */
export const runCommand = (command: string, uri: vscode.Uri, options: Record<string, unknown> = {}) => vscode.commands.executeCommand<any>(`esignDrafts.${command}`, uri, options);
