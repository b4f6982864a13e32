import { strict as assert } from 'node:assert';
import { variableAt, variableHoverText } from '../../src/core/payload/variableHover';

describe('hovering a {{variable}}', () => {
  const text = '{\n  "lookup_key": "order-{{ orderKey }}-x",\n  "title": "{{apiToken}}"\n}';
  it('finds the variable under the cursor, on its line only', () => {
    const at = text.indexOf('orderKey');
    assert.deepEqual(variableAt(text, at), { name: 'orderKey', offset: text.indexOf('{{ orderKey'), length: '{{ orderKey }}'.length });
    assert.equal(variableAt(text, text.indexOf('lookup_key')), undefined);
    assert.equal(variableAt(text, text.indexOf('-x') + 1), undefined);
    assert.equal(variableAt(text, text.indexOf('apiToken'))?.name, 'apiToken');
  });

  it('shows the value for the environment, says when it is missing, and never shows a value whose name looks secret', () => {
    assert.equal(variableHoverText('orderKey', { orderKey: 'k-1' }, 'staging'), '`{{orderKey}}` = `"k-1"` in environment `staging`.');
    assert.match(variableHoverText('orderKey', {}, undefined), /^`\{\{orderKey\}\}` is not defined in the active environment for this file: sending is blocked/);
    const secret = variableHoverText('apiToken', { apiToken: 'abc123' }, 'staging');
    assert.doesNotMatch(secret, /abc123/);
    assert.match(secret, /not shown: the name looks like a secret/);
  });
});
