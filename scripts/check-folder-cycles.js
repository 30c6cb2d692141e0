// Fails when two feature folders under src/ import each other, directly or around a loop:
// imports run one way (docs/architecture.md). madge --circular catches file-level cycles only.
// Files at the top of src/ (entry points, api/worker/cli modules) are nodes of their own.
const madge = require('madge');

const folderOf = (file) => (file.includes('/') ? file.split('/')[0] : file);

madge('src', { fileExtensions: ['ts'] })
  .then((result) => {
    const edges = new Map(); // folder → Map(folder → an example "file -> file")
    for (const [from, targets] of Object.entries(result.obj())) {
      for (const to of targets) {
        const a = folderOf(from);
        const b = folderOf(to);
        if (a === b || to.startsWith('..')) continue;
        if (!edges.has(a)) edges.set(a, new Map());
        if (!edges.get(a).has(b)) edges.get(a).set(b, `${from} -> ${to}`);
      }
    }
    const cycles = stronglyConnected(edges).filter((component) => component.length > 1);
    if (cycles.length === 0) {
      console.log('No import cycle between folders of src/.');
      return;
    }
    for (const component of cycles) {
      console.error(`Folders that import each other: ${component.join(', ')}`);
      for (const a of component) {
        for (const [b, example] of edges.get(a) ?? []) if (component.includes(b)) console.error(`  ${a} -> ${b} (${example})`);
      }
    }
    process.exitCode = 1;
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });

/** Tarjan's algorithm: each returned component is a set of folders on a common cycle. */
function stronglyConnected(edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const visit = (v) => {
    index.set(v, index.size);
    low.set(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (const w of (edges.get(v) ?? new Map()).keys()) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return components;
}
