// Writes the Inputs and Outputs tables of each Terraform module into the page that documents it
// (docs/terraform.md for the root module, each example's README), terraform-docs style, between
// <!-- BEGIN_TF_DOCS --> and <!-- END_TF_DOCS -->. With --check it changes nothing and exits 1 when a page is stale.
//   npm run docs:terraform [-- --check]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from '@cdktn/hcl2json';

export const BEGIN = '<!-- BEGIN_TF_DOCS -->';
export const END = '<!-- END_TF_DOCS -->';

const REPO = resolve(import.meta.dirname, '..');

/** Each module directory and the Markdown page that documents it. */
export const TARGETS: readonly { readonly moduleDir: string; readonly readme: string }[] = [
  { moduleDir: REPO, readme: join(REPO, 'docs/terraform.md') },
  { moduleDir: join(REPO, 'example'), readme: join(REPO, 'example/README.md') },
  { moduleDir: join(REPO, 'example/public'), readme: join(REPO, 'example/public/README.md') },
  { moduleDir: join(REPO, 'example/cloudfront'), readme: join(REPO, 'example/cloudfront/README.md') },
  { moduleDir: join(REPO, 'example/ecs'), readme: join(REPO, 'example/ecs/README.md') },
  { moduleDir: join(REPO, 'example/multi-region'), readme: join(REPO, 'example/multi-region/README.md') },
  { moduleDir: join(REPO, 'example/existing-certificate'), readme: join(REPO, 'example/existing-certificate/README.md') },
];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Declarations = Record<string, { [key: string]: Json }[]>;

async function declarations(moduleDir: string, kind: 'variable' | 'output'): Promise<[string, { [key: string]: Json }][]> {
  const found: [string, { [key: string]: Json }][] = [];
  for (const file of readdirSync(moduleDir).filter((name) => name.endsWith('.tf'))) {
    const body = (await parse(file, readFileSync(join(moduleDir, file), 'utf8'))) as Record<string, Declarations | undefined>;
    for (const [name, blocks] of Object.entries(body[kind] ?? {})) {
      const first = blocks[0];
      if (first !== undefined) found.push([name, first]);
    }
  }
  return found.sort(([a], [b]) => a.localeCompare(b));
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', '<br/>');
}

/** Prose for a table cell: HTML and emphasis characters shown as written. */
function prose(text: string): string {
  return cell(text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('*', '\\*'));
}

/** An HCL expression as hcl2json gives it (`${...}`), shown as code; multi-line code in a <pre>. */
function code(value: string): string {
  const text = value.replace(/^\$\{([\s\S]*)\}$/, '$1');
  if (!text.includes('\n')) return `\`${cell(text)}\``;
  const lines = text.split('\n');
  const indent = Math.min(...lines.slice(1).filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0));
  const body = [lines[0] ?? '', ...lines.slice(1).map((line) => line.slice(Math.min(indent, 2)))].join('\n');
  return `<pre>${cell(body.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'))}</pre>`;
}

function defaultValue(value: Json): string {
  if (typeof value === 'string' && value.startsWith('${')) return code(value);
  return `\`${cell(JSON.stringify(value))}\``;
}

/** The generated Markdown for one module: an Inputs table and an Outputs table. */
export async function moduleDocs(moduleDir: string): Promise<string> {
  const lines = ['## Inputs', '', '| Name | Description | Type | Default | Required |', '|------|-------------|------|---------|:--------:|'];
  for (const [name, variable] of await declarations(moduleDir, 'variable')) {
    const required = !('default' in variable);
    const type = typeof variable.type === 'string' ? code(variable.type) : '`any`';
    const fallback = required ? 'n/a' : defaultValue(variable.default ?? null);
    lines.push(`| <a name="input_${name}"></a> [${name}](#input_${name}) | ${prose(String(variable.description ?? ''))} | ${type} | ${fallback} | ${required ? 'yes' : 'no'} |`);
  }
  lines.push('', '## Outputs', '', '| Name | Description |', '|------|-------------|');
  for (const [name, output] of await declarations(moduleDir, 'output')) {
    lines.push(`| <a name="output_${name}"></a> [${name}](#output_${name}) | ${prose(String(output.description ?? ''))} |`);
  }
  return lines.join('\n');
}

/** The page with the text between the markers replaced by `docs`. */
export function withDocs(readme: string, docs: string, file = 'the page'): string {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${file} has no ${BEGIN} ... ${END} markers`);
  return `${readme.slice(0, begin + BEGIN.length)}\n${docs}\n${readme.slice(end)}`;
}

async function main(args: readonly string[]): Promise<number> {
  const check = args.includes('--check');
  const stale: string[] = [];
  for (const { moduleDir, readme } of TARGETS) {
    const current = readFileSync(readme, 'utf8');
    const updated = withDocs(current, await moduleDocs(moduleDir), readme);
    if (updated === current) continue;
    stale.push(relative(REPO, readme));
    if (!check) writeFileSync(readme, updated);
  }
  if (check && stale.length > 0) {
    process.stderr.write(`Terraform docs are stale in ${stale.join(', ')}: run npm run docs:terraform\n`);
    return 1;
  }
  process.stdout.write(stale.length > 0 ? `updated ${stale.join(', ')}\n` : 'Terraform docs are up to date\n');
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await main(process.argv.slice(2));
}
