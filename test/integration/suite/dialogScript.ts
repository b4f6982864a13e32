import type * as vscode from 'vscode';

/** What the extension showed through its dialogs (src/vscode/dialogs.ts). */
export interface Shown {
  kind: 'info' | 'warn' | 'error' | 'modal' | 'pick' | 'input';
  message: string;
  detail?: string;
  items: string[];
}

/** How a test answers each kind of dialog; an absent answer dismisses it. */
export interface Answers {
  modal?: (message: string, items: string[]) => string | undefined;
  pick?: (items: readonly any[], options: vscode.QuickPickOptions) => any;
  input?: (options: vscode.InputBoxOptions) => string | undefined;
  notification?: (message: string, items: string[]) => string | undefined;
}

/** Answers the extension's dialogs (`api.dialogs`, see src/vscode/dialogs.ts) and records everything shown. */
export function scriptDialogs(api: any, answers: Answers = {}): Shown[] {
  const shown: Shown[] = [];
  const notify = (kind: Shown['kind']) => async (message: string, ...items: string[]) => (shown.push({ kind, message, items }), answers.notification?.(message, items));
  Object.assign(api.dialogs, {
    info: notify('info'),
    warn: notify('warn'),
    error: notify('error'),
    modal: async (message: string, detail: string, ...items: string[]) => (shown.push({ kind: 'modal', message, detail, items }), answers.modal?.(message, items)),
    // A confirmation is a modal too: its buttons as VS Code gets them (safe, action), answered like one.
    confirm: async (question: { message: string; detail: string; safe: string; action: string }) => {
      const items = [question.safe, question.action];
      shown.push({ kind: 'modal', message: question.message, detail: question.detail, items });
      return answers.modal?.(question.message, items) === question.action;
    },
    pick: async (items: readonly any[], options: vscode.QuickPickOptions) => (shown.push({ kind: 'pick', message: options.title ?? '', items: items.map((i) => i.label) }), answers.pick?.(items, options)),
    input: async (options: vscode.InputBoxOptions) => {
      shown.push({ kind: 'input', message: options.prompt ?? '', items: [] });
      const value = answers.input?.(options);
      // Validated like the real input box: an invalid value cannot be accepted.
      return value !== undefined && !(await options.validateInput?.(value)) ? value : undefined;
    },
  });
  return shown;
}
