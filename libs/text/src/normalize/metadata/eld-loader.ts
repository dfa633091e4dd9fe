import * as fs from 'node:fs';
import * as path from 'node:path';

// Why a loader: `eld` ships ES modules only, behind an `import`-only exports map, while this monorepo compiles to
// CommonJS. Node >= 20.19 can require() an ES module but not through that exports map, and Jest (before Node 24.9)
// cannot require ES modules at all. eld's files use just two static module forms — `import { a } from './x.js'`
// and `export const|function|class|{…}` — so we evaluate them ourselves with those forms rewritten. Anything else
// throws at load time (e.g. after an eld upgrade) instead of silently disabling language detection.

export interface EldResult {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}

export interface EldDetector {
  detect(text: string): EldResult;
}

type ModuleExports = Record<string, unknown>;

const IMPORT = /^import \{([^}]*)\} from '(\.{1,2}\/[^']+)';?\s*$/;
const EXPORT_DECLARATION = /^export (const|let|function|class) ([A-Za-z_$][\w$]*)/;
const EXPORT_LIST = /^export \{([^}]*)\};?\s*$/;
const EXPORT_DEFAULT = /^export default ([A-Za-z_$][\w$]*);?\s*$/;

/** Node's lookup order (node_modules of this file's ancestors), then of the working directory's ancestors. */
function findPackageDir(name: string): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`normalize: package "${name}" not found from ${__dirname} or ${process.cwd()}`);
}

function evaluate(file: string, cache: Map<string, ModuleExports>): ModuleExports {
  const cached = cache.get(file);
  if (cached) return cached;
  const exportsObject: ModuleExports = {};
  cache.set(file, exportsObject);

  const exported: string[] = [];
  const lines = fs
    .readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\n');
  const body = lines.map((line) => {
    if (!/^(?:import|export)\b/.test(line)) return line;
    let m = IMPORT.exec(line);
    if (m) {
      const bindings = m[1].replace(/\s+as\s+/g, ': ');
      return `const {${bindings}} = __import(${JSON.stringify(m[2])});`;
    }
    if ((m = EXPORT_DECLARATION.exec(line))) {
      exported.push(`${m[2]}: ${m[2]}`);
      return line.slice('export '.length);
    }
    if ((m = EXPORT_LIST.exec(line))) {
      for (const binding of m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const [local, as = local] = binding.split(/\s+as\s+/);
        exported.push(`${as}: ${local}`);
      }
      return '';
    }
    if ((m = EXPORT_DEFAULT.exec(line))) {
      exported.push(`default: ${m[1]}`);
      return '';
    }
    throw new Error(`normalize: unsupported module syntax in ${file}: ${line.slice(0, 80)}`);
  });

  const importFrom = (specifier: string) => evaluate(path.resolve(path.dirname(file), specifier), cache);
  // The source is the installed package's own code, evaluated once at first use; no user input reaches it.
  const factory = new Function('__import', `${body.join('\n')}\nreturn { ${exported.join(', ')} };`);
  Object.assign(exportsObject, factory(importFrom) as ModuleExports);
  return exportsObject;
}

/** Loads eld's preloaded 'small' database (~1.6 MB of n-grams, ~0.4 s, ~50 MB heap): accurate on news text. */
export function loadEld(): EldDetector {
  const entry = path.join(findPackageDir('eld'), 'src', 'entries', 'static.small.js');
  const module = evaluate(entry, new Map());
  const eld = module.eld as EldDetector | undefined;
  if (!eld || typeof eld.detect !== 'function') throw new Error('normalize: eld did not export a detector');
  return eld;
}
