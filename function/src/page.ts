/**
 * The registry page: server-rendered HTML for GET / in public access, made from plain data (page-data.ts gathers
 * it). It works without JavaScript; its one inline style and one small optional script (copy buttons) are allowed
 * by hash in a Content-Security-Policy that allows nothing else. Every value from the registry is written through
 * escapeHtml, and a source URL becomes a link only when it is http(s).
 */
import { createHash } from 'node:crypto';
import type { Reply } from '../../src/core/oci.ts';
import { isRepositoryName } from '../../src/core/registry-path.ts';

export interface PlatformSummary {
  os: string;
  architecture: string;
  variant?: string;
  /** Compressed size in bytes: the config and layers of this platform's manifest. */
  size?: number;
}

export interface TagSummary {
  name: string;
  digest?: string;
  /** An index's platforms, or the one platform of an image manifest (from its config). */
  platforms: readonly PlatformSummary[];
  /** Compressed size in bytes of an image manifest; an index's sizes are its platforms'. */
  size?: number;
  /** When the image config says it was created (ISO 8601). */
  created?: string;
}

export interface RepositorySummary {
  name: string;
  /** org.opencontainers.image.description of its first tag shown. */
  description?: string;
  /** org.opencontainers.image.source of its first tag shown; linked only when it is http(s). */
  source?: string;
  /** All its tags; `tags` holds the ones shown. */
  tagCount: number;
  tags: readonly TagSummary[];
  /** The registry did not say what tags it has. */
  unavailable?: boolean;
}

/** The repositories, a page of them. */
export interface IndexView {
  kind: 'index';
  page: number;
  pageCount: number;
  /** Allowed repositories that match `search`: nothing about any other is ever shown. */
  total: number;
  search: string;
  repositories: readonly RepositorySummary[];
}

/** One repository with a page of its tags. */
export interface RepositoryView {
  kind: 'repository';
  page: number;
  pageCount: number;
  repository: RepositorySummary;
}

export interface PageModel {
  /** host[:port] clients pull from: `docker pull <host>/<repository>:<tag>`. */
  host: string;
  /** Pulls need `docker login <host>` first (public.auth = basic or custom). */
  login: boolean;
  view: IndexView | RepositoryView;
}

/** What GET / asks for: `?page=N&q=TEXT` (the repositories), or `?repository=NAME&page=N` (one repository's tags). */
export type PageRequest = { kind: 'index'; page: number; search: string } | { kind: 'repository'; name: string; page: number } | { kind: 'invalid'; why: string };

/** Repositories per index page, tags per repository there, and tags per page of a repository. */
export const PAGE_SIZES = { repositories: 20, tagsPerRepository: 5, tags: 50 } as const;
const MAX_PAGE = 100_000;
const MAX_SEARCH = 100;

/** The page asked for by a raw query string (without "?"); what it cannot use makes it `invalid`. */
export function pageRequest(rawQuery: string): PageRequest {
  const params = new URLSearchParams(rawQuery);
  const pageText = params.get('page');
  const page = pageText === null || pageText === '' ? 1 : /^\d{1,6}$/.test(pageText) ? Number(pageText) : Number.NaN;
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) return { kind: 'invalid', why: 'The page number must be a whole number from 1.' };
  const repository = params.get('repository');
  if (repository !== null) {
    return isRepositoryName(repository) ? { kind: 'repository', name: repository, page } : { kind: 'invalid', why: 'That is not a repository name.' };
  }
  const search = (params.get('q') ?? '').trim();
  if ([...search].length > MAX_SEARCH) return { kind: 'invalid', why: `A search may have at most ${MAX_SEARCH} characters.` };
  return { kind: 'index', page, search };
}

/** Page count for `total` items, at least 1 (an empty list is one empty page). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

// ---------------------------------------------------------------------------------------------------------------
// Escaping: the one way registry text reaches the HTML, in text and in double-quoted attributes alike.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// Markup characters, and what HTML does not allow in text: control characters and lone surrogates (they become U+FFFD).
const SPECIAL = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/u;
const SPECIALS = new RegExp(SPECIAL.source, 'gu');

export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c] ?? '\ufffd') : text;
}

/** At most `max` characters, with "…" when cut. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The URL when it is an absolute http(s) URL without credentials; anything else is not linked. */
export function httpUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

/** Bytes in SI units, as registries show them: 842 B, 12.3 MB, 1.2 GB. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function sizeRange(sizes: readonly number[]): string {
  if (sizes.length === 0) return '';
  const low = Math.min(...sizes);
  const high = Math.max(...sizes);
  return low === high ? formatSize(low) : `${formatSize(low)} – ${formatSize(high)}`;
}

function platformName(platform: PlatformSummary): string {
  return [platform.os, platform.architecture, platform.variant].filter((part) => part !== undefined && part !== '').join('/');
}

/** `2024-05-01 12:34 UTC` from an ISO time, or undefined when it is not one. */
function formatTime(iso: string): { datetime: string; text: string } | undefined {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return undefined;
  const datetime = new Date(time).toISOString();
  return { datetime, text: `${datetime.slice(0, 10)} ${datetime.slice(11, 16)} UTC` };
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Style, script and the headers that allow exactly them

const STYLE = `:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#59636e;--line:#d1d9e0;--link:#0550ae;--box:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#3d444d;--link:#71b7ff;--box:#151b23}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer,.pages{max-width:75rem;margin:0 auto;padding:0 1rem}
a{color:var(--link)}
:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;left:-100vw}.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.25rem .5rem}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
h1{font-size:1.5rem;margin:1.5rem 0 .25rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:0 0 .25rem;overflow-wrap:anywhere}
p{margin:.25rem 0}
.muted{color:var(--muted)}
.description{white-space:pre-line;overflow-wrap:anywhere}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:1rem 0}
input,button{font:inherit;color:var(--fg);background:var(--box);border:1px solid var(--line);border-radius:4px;padding:.25rem .5rem}
button{cursor:pointer}
section{border-top:1px solid var(--line);padding:1rem 0}
.table{overflow-x:auto;margin:.5rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid var(--line)}
td ul{list-style:none;margin:0;padding:0}
code,.pull input{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
.pull{display:flex;gap:.25rem;min-width:24rem}
.pull input{flex:1;min-width:0}
.pages{display:flex;flex-wrap:wrap;gap:1rem;padding:1rem}
footer{color:var(--muted);font-size:.85rem;padding:1rem}`;

// Copy buttons where the Clipboard API exists; without it (or without JavaScript) the command's field selects as usual.
const SCRIPT = `(()=>{const status=document.getElementById('copy-status');
document.addEventListener('focusin',(e)=>{const t=e.target;if(t instanceof HTMLInputElement&&t.readOnly)t.select();});
if(!navigator.clipboard||!status)return;
for(const input of document.querySelectorAll('.pull input')){const button=document.createElement('button');
button.type='button';button.textContent='Copy';button.setAttribute('aria-label','Copy '+(input.labels&&input.labels[0]?input.labels[0].textContent:'pull command'));
button.addEventListener('click',()=>{navigator.clipboard.writeText(input.value).then(()=>{status.textContent='Copied '+input.value;},()=>{input.focus();status.textContent='Press Ctrl+C to copy';});});
input.after(button);}})();`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Allows the page's own style and script and a search form on this origin; nothing else loads or runs. */
export const PAGE_CSP = `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

function pageHeaders(login: boolean): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Anonymous: the same page for everyone, briefly, so a tag pushed now shows soon. Behind a login: kept nowhere.
    'cache-control': login ? 'no-store' : 'public, max-age=30',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

function link(query: Record<string, string | number>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== '' && !(key === 'page' && value === 1)) params.set(key, String(value));
  const text = params.toString();
  return escapeHtml(text === '' ? '/' : `/?${text}`);
}

function htmlDocument(host: string, title: string, main: string, after = ''): string {
  const h = escapeHtml(host);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<h1><a href="/">${h}</a></h1>
<p class="muted">Container images you can pull from this registry.</p>
</header>
<main id="main">
${main}
</main>
${after}<footer><p>Served by ecr-custom-domain.</p></footer>
<p id="copy-status" class="vh" role="status"></p>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function pagesNav(page: number, pages: number, query: Record<string, string>, label: string): string {
  if (pages <= 1) return '';
  const items: string[] = [];
  if (page > 1) {
    items.push(`<a href="${link({ ...query, page: 1 })}">First</a>`, `<a rel="prev" href="${link({ ...query, page: page - 1 })}">Previous</a>`);
  }
  items.push(`<span aria-current="page">Page ${page.toLocaleString('en-US')} of ${pages.toLocaleString('en-US')}</span>`);
  if (page < pages) {
    items.push(`<a rel="next" href="${link({ ...query, page: page + 1 })}">Next</a>`, `<a href="${link({ ...query, page: pages })}">Last</a>`);
  }
  return `<nav class="pages" aria-label="${escapeHtml(label)}">${items.join('\n')}</nav>\n`;
}

function about(repository: RepositorySummary): string {
  const parts: string[] = [];
  if (repository.description !== undefined && repository.description.trim() !== '') {
    parts.push(`<p class="description">${escapeHtml(clip(repository.description.trim(), 1000))}</p>`);
  }
  const source = repository.source === undefined ? undefined : httpUrl(repository.source);
  if (source !== undefined) {
    parts.push(`<p>Source: <a href="${escapeHtml(source)}" rel="noopener noreferrer nofollow">${escapeHtml(clip(source, 100))}</a></p>`);
  }
  return parts.join('\n');
}

function tagRow(host: string, repository: string, tag: TagSummary, id: string, showCreated: boolean): string {
  const reference = `${repository}:${tag.name}`;
  const command = `docker pull ${host}/${reference}`;
  const digest = tag.digest === undefined ? '<span class="muted">unknown</span>' : `<code title="${escapeHtml(tag.digest)}">${escapeHtml(clip(tag.digest, 19))}</code>`;
  const platforms =
    tag.platforms.length === 0
      ? '<span class="muted">unknown</span>'
      : `<ul>${tag.platforms.map((p) => `<li>${escapeHtml(platformName(p))}${tag.platforms.length > 1 && p.size !== undefined ? ` <span class="muted">${formatSize(p.size)}</span>` : ''}</li>`).join('')}</ul>`;
  const sizes = tag.size !== undefined ? [tag.size] : tag.platforms.flatMap((p) => (p.size === undefined ? [] : [p.size]));
  const size = sizes.length === 0 ? '<span class="muted">unknown</span>' : `<data value="${Math.min(...sizes)}">${sizeRange(sizes)}</data>`;
  const time = tag.created === undefined ? undefined : formatTime(tag.created);
  const created = showCreated ? `<td>${time === undefined ? '<span class="muted">unknown</span>' : `<time datetime="${time.datetime}">${time.text}</time>`}</td>` : '';
  return `<tr><th scope="row"><code>${escapeHtml(tag.name)}</code></th><td>${digest}</td><td>${platforms}</td><td>${size}</td>${created}<td><div class="pull"><label class="vh" for="${id}">Pull command for ${escapeHtml(reference)}</label><input id="${id}" readonly value="${escapeHtml(command)}"></div></td></tr>`;
}

function tagTable(host: string, repository: RepositorySummary, id: string, caption: string): string {
  const showCreated = repository.tags.some((tag) => tag.created !== undefined);
  const rows = repository.tags.map((tag, i) => tagRow(host, repository.name, tag, `${id}-${i + 1}`, showCreated));
  return `<div class="table" role="region" aria-labelledby="${id}-caption" tabindex="0"><table>
<caption id="${id}-caption" class="vh">${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">Tag</th><th scope="col">Digest</th><th scope="col">Platforms</th><th scope="col">Compressed size</th>${showCreated ? '<th scope="col">Created</th>' : ''}<th scope="col">Pull command</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>`;
}

function tagsOrNote(host: string, repository: RepositorySummary, id: string, caption: string): string {
  if (repository.unavailable === true) return '<p class="muted">Its tags could not be read just now; try again shortly.</p>';
  if (repository.tagCount === 0 || repository.tags.length === 0) return '<p class="muted">No tags yet.</p>';
  return tagTable(host, repository, id, caption);
}

function loginNote(host: string, login: boolean): string {
  return login ? `<p>Log in before you pull: <code>docker login ${escapeHtml(host)}</code></p>\n` : '';
}

function renderIndex(host: string, login: boolean, view: IndexView): string {
  const search = view.search;
  const parts: string[] = [
    `<form role="search" method="get" action="/"><label for="q">Find a repository</label><input id="q" name="q" type="search" maxlength="${MAX_SEARCH}" value="${escapeHtml(search)}"><button type="submit">Search</button></form>`,
    loginNote(host, login),
  ];
  const matching = search === '' ? '' : ` matching “${escapeHtml(search)}”`;
  if (view.total === 0) {
    parts.push(search === '' ? '<p>No repositories are published here yet.</p>' : `<p>No repositories${matching}. <a href="/">See all repositories</a></p>`);
  } else {
    parts.push(`<p>${count(view.total, 'repository', 'repositories')}${matching}${view.pageCount > 1 ? `, page ${view.page.toLocaleString('en-US')} of ${view.pageCount.toLocaleString('en-US')}` : ''}.</p>`);
  }
  view.repositories.forEach((repository, i) => {
    const id = `r${i + 1}`;
    const name = escapeHtml(repository.name);
    const href = link({ repository: repository.name });
    const more =
      repository.tagCount > repository.tags.length && repository.unavailable !== true
        ? `\n<p><a href="${href}">All ${count(repository.tagCount, 'tag', 'tags')} of ${name}</a></p>`
        : '';
    parts.push(`<section aria-labelledby="${id}">
<h2 id="${id}"><a href="${href}">${name}</a></h2>
${about(repository)}
${tagsOrNote(host, repository, id, `Tags of ${repository.name}`)}${more}
</section>`);
  });
  const title = `${host}: container images${view.page > 1 ? ` (page ${view.page})` : ''}`;
  return htmlDocument(host, title, parts.join('\n'), pagesNav(view.page, view.pageCount, { q: search }, 'Pages of repositories'));
}

function renderRepository(host: string, login: boolean, view: RepositoryView): string {
  const { repository } = view;
  const parts = [
    '<nav aria-label="Breadcrumb"><p><a href="/">All repositories</a></p></nav>',
    `<section aria-labelledby="repository">
<h2 id="repository">${escapeHtml(repository.name)}</h2>
${about(repository)}
${loginNote(host, login)}<p>${count(repository.tagCount, 'tag', 'tags')}${view.pageCount > 1 ? `, page ${view.page.toLocaleString('en-US')} of ${view.pageCount.toLocaleString('en-US')}` : ''}.</p>
${tagsOrNote(host, repository, 't', `Tags of ${repository.name}`)}
</section>`,
  ];
  const title = `${repository.name} on ${host}${view.page > 1 ? ` (page ${view.page})` : ''}`;
  return htmlDocument(host, title, parts.join('\n'), pagesNav(view.page, view.pageCount, { repository: repository.name }, `Pages of ${repository.name}`));
}

/** The page as the alias's answer: 200, HTML, with its Content-Security-Policy. */
export function renderPage(model: PageModel): Reply {
  const body = model.view.kind === 'index' ? renderIndex(model.host, model.login, model.view) : renderRepository(model.host, model.login, model.view);
  return { kind: 'reply', status: 200, headers: pageHeaders(model.login), body };
}

/**
 * A short page for what cannot be shown: 400 for a request the page cannot read, 404 for a page past the last or
 * a repository that is not shown (a denied one looks exactly like a missing one), 503 when the registry fails.
 */
export function renderMessage(host: string, status: 400 | 404 | 503, message: string, login = false): Reply {
  const heading = status === 404 ? 'Not found' : status === 400 ? 'Bad request' : 'Unavailable';
  const main = `<h2>${heading}</h2>\n<p>${escapeHtml(message)}</p>\n<p><a href="/">See all repositories</a></p>`;
  const headers = status === 503 ? { ...pageHeaders(login), 'cache-control': 'no-store', 'retry-after': '10' } : pageHeaders(login);
  return { kind: 'reply', status, headers, body: htmlDocument(host, `${heading}: ${host}`, main) };
}
