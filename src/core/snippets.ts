/**
 * Snippets in VS Code's format ({ name: { prefix, body, description } }), shared by the
 * editor (completion, "New Payload…") and tests, which expand them with their defaults.
 */
export interface Snippet {
  name: string;
  prefix: string;
  body: string;
  description: string;
}

export function parseSnippetFile(json: Record<string, { prefix: string | string[]; body: string | string[]; description?: string }>): Snippet[] {
  return Object.entries(json).map(([name, s]) => ({
    name,
    prefix: Array.isArray(s.prefix) ? s.prefix[0] : s.prefix,
    body: Array.isArray(s.body) ? s.body.join('\n') : s.body,
    description: s.description ?? '',
  }));
}

/**
 * The text a snippet leaves when every placeholder keeps its default: `${1:title}` → `title`,
 * `${2|EN,FR|}` → `EN`, `$1`/`$0` → ``. Escapes (`\$`, `\}`) are honoured.
 */
export function expandSnippetDefaults(body: string): string {
  let out = '';
  let i = 0;
  const readUntilClose = (): string => {
    // Reads a placeholder's default up to its matching "}", expanding nested placeholders.
    let text = '';
    while (i < body.length && body[i] !== '}') {
      if (body[i] === '\\' && i + 1 < body.length) {
        text += body[i + 1];
        i += 2;
      } else if (body[i] === '$') {
        text += readPlaceholder();
      } else {
        text += body[i++];
      }
    }
    i++; // the closing brace
    return text;
  };
  const readPlaceholder = (): string => {
    // At "$".
    i++;
    if (body[i] === '{') {
      i++;
      const head = /^(\d+|[A-Z_]+)/.exec(body.slice(i));
      if (!head) return '${';
      i += head[0].length;
      if (body[i] === ':') {
        i++;
        return readUntilClose();
      }
      if (body[i] === '|') {
        const end = body.indexOf('|}', i + 1);
        const choices = body.slice(i + 1, end).split(',');
        i = end + 2;
        return choices[0];
      }
      if (body[i] === '}') {
        i++;
        return '';
      }
      return readUntilClose();
    }
    const tabstop = /^(\d+|[A-Z_]+)/.exec(body.slice(i));
    if (tabstop) {
      i += tabstop[0].length;
      return '';
    }
    return '$';
  };
  while (i < body.length) {
    if (body[i] === '\\' && (body[i + 1] === '$' || body[i + 1] === '}' || body[i + 1] === '\\')) {
      out += body[i + 1];
      i += 2;
    } else if (body[i] === '$') {
      out += readPlaceholder();
    } else {
      out += body[i++];
    }
  }
  return out;
}
