// The module boundaries, as an ESLint rule: imports go one way, from the libs on a higher floor to those on a lower
// one, then apps, then tools. Plain CommonJS so that eslint.config.mjs and a Jest spec both load the same table.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The libs, lowest floor first. A lib imports only libs on lower floors, and those in SAME_FLOOR; apps import any lib;
 * tools import libs and apps; the end-to-end tests (test/) import anything.
 */
const FLOORS = [
  ['contracts', 'config', 'transport', 'nlp', 'webhooks'],
  ['text', 'database', 'observability', 'access', 'fetch'],
  ['stories', 'http'],
  ['pipeline'],
];

/** Imports between libs of one floor, each named here so that no cycle can form between them. */
const SAME_FLOOR = { config: ['transport'] };

const ALIAS = '@storyline/';
const SPEC = /\.(spec|e2e-spec|test)\.ts$/;

/** Which part of the repository a path (absolute, or relative to the root) belongs to, or null outside them. */
function elementOf(file, root = ROOT) {
  const [top, name] = path.relative(root, path.resolve(root, file)).split(path.sep);
  if (top === 'libs' || top === 'apps') return name ? { kind: top === 'libs' ? 'lib' : 'app', name } : null;
  if (top === 'tools' || top === 'test') return { kind: top, name: top };
  return null;
}

/** The element an import names: a lib by its alias, or whatever a relative path lands in; null for packages. */
function importedElement(fromFile, source, root = ROOT) {
  if (source.startsWith(ALIAS)) return { kind: 'lib', name: source.slice(ALIAS.length).split('/')[0] };
  if (source.startsWith('.')) return elementOf(path.resolve(path.dirname(fromFile), source), root);
  return null;
}

function floorOf(lib) {
  const floor = FLOORS.findIndex((libs) => libs.includes(lib));
  return floor < 0 ? undefined : floor;
}

/** Why `source` may not be imported from `fromFile`, or null when it may. */
function violation(fromFile, source, root = ROOT) {
  const from = elementOf(fromFile, root);
  const to = importedElement(fromFile, source, root);
  if (!from || !to || (from.kind === to.kind && from.name === to.name)) return null;
  if (to.kind === 'test') {
    return SPEC.test(fromFile) || from.kind === 'test' ? null : 'only specs import test/ helpers';
  }
  switch (from.kind) {
    case 'test':
      return null;
    case 'tools':
      return null;
    case 'app':
      if (to.kind === 'app') return `an app never imports another app (apps/${to.name}); share through libs/`;
      if (to.kind === 'tools') return 'apps never import tools';
      return null;
    case 'lib': {
      if (to.kind === 'app') return `libs never import apps (apps/${to.name})`;
      if (to.kind === 'tools') return 'libs never import tools';
      const fromFloor = floorOf(from.name);
      const toFloor = floorOf(to.name);
      if (fromFloor === undefined)
        return `libs/${from.name} has no floor: add it to FLOORS in tools/lint/boundaries.cjs`;
      if (toFloor === undefined) return `libs/${to.name} has no floor: add it to FLOORS in tools/lint/boundaries.cjs`;
      if (toFloor < fromFloor || (SAME_FLOOR[from.name] ?? []).includes(to.name)) return null;
      return `libs/${from.name} (floor ${fromFloor}) may not import libs/${to.name} (floor ${toFloor}): imports go down the floors`;
    }
  }
  return null;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the module floors: libs down the floors, then apps, then tools' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: { boundary: "'{{source}}': {{reason}}" },
  },
  create(context) {
    const root = context.options[0]?.root ?? ROOT;
    const filename = context.filename;
    const check = (node) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const reason = violation(filename, node.value, root);
      if (reason) context.report({ node, messageId: 'boundary', data: { source: node.value, reason } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSExternalModuleReference: (node) => check(node.expression),
      TSImportType: (node) => check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
    };
  },
};

module.exports = { FLOORS, SAME_FLOOR, elementOf, violation, plugin: { rules: { boundaries: rule } } };
