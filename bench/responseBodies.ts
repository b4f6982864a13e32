/**
 * The answers `npm run bench` sends the real extension host (bench/responseBlockProbe.ts), all
 * under the view's 5 MB render limit: the shapes that once blocked it (a 4.8 MB `[0,0,…]`, an
 * answer nested 5000 levels deep) and the largest each bound still draws (a tree just under
 * RENDER_LIMITS.MAX_TREE_NODES (10,000), text just over MAX_TEXT_CHARS).
 */
const MB = 1024 * 1024;

export interface BenchBody {
  name: string;
  contentType: string;
  text: string;
}

function arrayOfSize(bytes: number, item: string): string {
  return `[${new Array(Math.floor(bytes / (item.length + 1))).fill(item).join(',')}]`;
}

export function benchBodies(): BenchBody[] {
  return [
    { name: 'small JSON (a healthy answer)', contentType: 'application/json', text: JSON.stringify({ _id: '65f1c2a9e4b0a1b2c3d4e5f6', status: 'DRAFT', title: 'bench' }) },
    { name: 'tree of 9,900 values', contentType: 'application/json', text: JSON.stringify(Array.from({ length: 3_300 }, (_, i) => ({ i, ok: i % 2 === 0 }))) },
    { name: 'tree of 9,900 numbers', contentType: 'application/json', text: JSON.stringify(Array.from({ length: 9_900 }, (_, i) => i)) },
    { name: '4.8 MB [0,0,…]', contentType: 'application/json', text: arrayOfSize(4.8 * MB, '0') },
    { name: '4.8 MB of small objects', contentType: 'application/json', text: arrayOfSize(4.8 * MB, '{"_id":"65f1c2a9e4b0a1b2c3d4e5f6","status":"DRAFT"}') },
    { name: '4.8 MB JSON string with quotes', contentType: 'application/json', text: JSON.stringify({ title: '"&<>'.repeat(0.95 * MB) }) },
    { name: '4.8 MB text/plain', contentType: 'text/plain', text: '<p>not json</p>\n'.repeat((4.8 * MB) / 16) },
    { name: 'nested 5000 levels', contentType: 'application/json', text: '['.repeat(5000) + ']'.repeat(5000) },
  ];
}
