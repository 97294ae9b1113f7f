import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');

/** The project's documentation, repository-relative: the README first, then every page in docs/. */
export function docPages(repo = REPO): string[] {
  const pages = readdirSync(join(repo, 'docs')).filter((name) => name.endsWith('.md')).sort();
  return ['README.md', ...pages.map((name) => `docs/${name}`)];
}

/** Every documentation page's text, joined: for checks that look for (or against) a statement anywhere in it. */
export function allDocs(repo = REPO): string {
  return docPages(repo).map((page) => readFileSync(join(repo, page), 'utf8')).join('\n');
}

/** Markdown without fenced code blocks, whose brackets and hashes are code, not links or headings. */
function prose(markdown: string): string {
  return markdown.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The anchor GitHub gives a heading: its text lower-cased, punctuation dropped, each space a hyphen. */
export function headingAnchor(heading: string): string {
  const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replaceAll(' ', '-');
}

/** Every anchor a page defines: its headings (repeats get -1, -2, as GitHub numbers them) and <a name> / id targets. */
export function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = headingAnchor(match[1] ?? '');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) found.add(match[1] ?? '');
  return found;
}

/** The targets of a page's inline links (`[text](target)`), outside code. */
export function linkTargets(markdown: string): string[] {
  const text = prose(markdown).replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, (code) => (code.includes('](') ? '' : code));
  return [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] ?? '');
}

/** What a documentation set reads: a page's text (repository-relative path), and whether a path exists. */
export interface DocFiles {
  readonly read: (path: string) => string;
  readonly exists: (path: string) => boolean;
}

export const repoFiles: DocFiles = {
  read: (path) => readFileSync(join(REPO, path), 'utf8'),
  exists: (path) => existsSync(join(REPO, path)),
};

/** Each local link in `pages` whose file or anchor does not exist, as "page: target (why)". */
export function brokenLinks(pages: readonly string[], files: DocFiles): string[] {
  const broken: string[] = [];
  const anchorsOf = new Map<string, Set<string>>();
  const anchorsIn = (path: string) => {
    let set = anchorsOf.get(path);
    if (set === undefined) anchorsOf.set(path, (set = anchors(files.read(path))));
    return set;
  };
  for (const page of pages) {
    for (const target of linkTargets(files.read(page))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [pathPart = '', anchor] = target.split('#', 2);
      const path = pathPart === '' ? page : normalize(join(dirname(page), decodeURIComponent(pathPart))).replace(/\/$/, '');
      if (path.startsWith('..')) broken.push(`${page}: ${target} (outside the repository)`);
      else if (!files.exists(path)) broken.push(`${page}: ${target} (no such file)`);
      else if (anchor !== undefined && path.endsWith('.md') && !anchorsIn(path).has(anchor)) broken.push(`${page}: ${target} (no such anchor)`);
    }
  }
  return broken;
}

/** Repository paths a page names in inline code, e.g. `test/unit/decide.test.ts` or `src/serve/cache/`: the source and tests it points a reader at. */
export function namedPaths(markdown: string): string[] {
  const spans = [...prose(markdown).matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)].map((match) => match[2] ?? '');
  // A path starts a word; placeholders (<name>, *, …) and globs are not a file to look for.
  const paths = spans.flatMap((span) => [...span.matchAll(/(?:^|[\s(])((?:test|src|function\/src)\/[^\s`'"),;:]*)/g)].map((match) => match[1] ?? ''));
  return paths.filter((path) => !/[<>*{}…]/.test(path)).map((path) => path.replace(/[.]$/, ''));
}

/** Each `test/…`, `src/…` or `function/src/…` path named in inline code in `pages` that does not exist, as "page: path (no such file)". */
export function missingPaths(pages: readonly string[], files: DocFiles): string[] {
  return pages.flatMap((page) => namedPaths(files.read(page)).filter((path) => !files.exists(path.replace(/\/$/, ''))).map((path) => `${page}: ${path} (no such file)`));
}
