// E-Sign Drafts — response view script. Posts the clicked action to the extension; nothing else
// (the page is rendered by the extension, folding is plain <details>).
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const field = target.closest('[data-path]');
    if (field) {
      vscode.postMessage({ type: 'openField', path: field.getAttribute('data-path') ?? '' });
      return;
    }
    const action = target.closest('[data-action]');
    if (action && !action.hasAttribute('disabled')) {
      vscode.postMessage({ type: action.getAttribute('data-action') });
    }
  });
})();
