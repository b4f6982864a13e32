import * as vscode from 'vscode';
import { CLOSE_LABEL, type Confirmation } from '../core/draft/confirmations';

/**
 * The dialogs and notifications the send, history, credentials, environment and sandbox
 * commands show. One mutable object so that the integration tests can answer them and count
 * them (a test cannot click a notification from the extension host); the extension uses the
 * real VS Code windows.
 */
export interface Dialogs {
  info(message: string, ...items: string[]): Thenable<string | undefined>;
  warn(message: string, ...items: string[]): Thenable<string | undefined>;
  error(message: string, ...items: string[]): Thenable<string | undefined>;
  /** A modal warning: Escape (and VS Code's own Cancel button) answer undefined. */
  modal(message: string, detail: string, ...items: string[]): Thenable<string | undefined>;
  /**
   * A confirmation before a call that changes something (or goes to production): a modal whose
   * first, focused button (Enter) is the safe answer, then the one action, then our own closing
   * button (Escape). True only when the action button was chosen.
   */
  confirm(question: Confirmation): Thenable<boolean>;
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
}

export const windowDialogs: Dialogs = {
  info: (message, ...items) => vscode.window.showInformationMessage(message, ...items),
  warn: (message, ...items) => vscode.window.showWarningMessage(message, ...items),
  error: (message, ...items) => vscode.window.showErrorMessage(message, ...items),
  modal: (message, detail, ...items) => vscode.window.showWarningMessage(message, { modal: true, detail }, ...items),
  confirm: async (question) => {
    const action = { title: question.action };
    const choice = await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, { title: question.safe }, action, { title: CLOSE_LABEL, isCloseAffordance: true });
    return choice === action;
  },
  pick: (items, options) => vscode.window.showQuickPick(items, options),
  input: (options) => vscode.window.showInputBox(options),
};

/** What the commands call; tests replace its members and restore them from windowDialogs. */
export const dialogs: Dialogs = { ...windowDialogs };
