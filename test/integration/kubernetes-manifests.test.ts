/**
 * deploy/kubernetes, offline: every YAML read by kubectl against a loopback API server that answers
 * discovery only, each object checked against the API's generated models (@kubernetes/client-node's
 * attributeTypeMap, generated from the current API's OpenAPI spec) and for what the DaemonSet and the
 * proxy must do; the ConfigMap's provider against what `init --kubelet` writes; the AL2023 user data
 * and the DaemonSet's install step run for real, against a stand-in release and a chroot built like
 * our shell-less image.
 */
import { type SpawnOptions, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
// The generated models only: the package's index also loads its HTTP client (undici 8), which needs Node >= 22.19.
import * as generatedModels from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcrApiStandIn, startEcrApiStandIn } from '../support/ecr-api-stand-in.ts';
import { outcomeOf, ROOT } from '../support/processes.ts';

const DEPLOY = `${ROOT}deploy/kubernetes`;
const HELPER = `${ROOT}dist/docker-credential-ecr-custom.cjs`;
const NODECONFIG = `${DEPLOY}/eks-al2023/nodeconfig.yaml`;
const PROVIDER = 'docker-credential-ecr-custom';
/** busybox-static: the kind of busybox the DaemonSet's tools container must bring. */
const BUSYBOX = '/bin/busybox';
const CHROOT = '/usr/sbin/chroot';
const FIX = 'run scripts/install-system-deps.sh (as root)';

type Json = Record<string, unknown>;

const temps: string[] = [];
function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `k8s-${prefix}-`));
  temps.push(dir);
  return dir;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => join(dir, file))
    .sort();
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: SpawnOptions & { input?: string } = {}): Promise<Result> {
  const child = spawn(command, args, { ...options, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  return outcomeOf(child, options.input);
}

// ---------------------------------------------------------------- kubectl, offline

interface Kind {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** The generated model (@kubernetes/client-node) its fields are checked against; none for NodeConfig, checked below. */
  model?: string;
}

/** The kinds deploy/kubernetes may use; kubectl refuses any other (a typo in apiVersion or kind, too). */
const KINDS: Kind[] = [
  { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, model: 'V1Namespace' },
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, model: 'V1ConfigMap' },
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, model: 'V1ServiceAccount' },
  { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true, model: 'V1Service' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, model: 'V1DaemonSet' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, model: 'V1StatefulSet' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true, model: 'V1PodDisruptionBudget' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, model: 'V2HorizontalPodAutoscaler' },
  // nodeadm's NodeConfig is not an API object, but kubectl reads it like one (cluster-scoped, like its kubebuilder marker).
  { apiVersion: 'node.eks.aws/v1alpha1', kind: 'NodeConfig', plural: 'nodeconfigs', namespaced: false },
];

function kindOf(object: Json): Kind {
  const kind = KINDS.find((k) => k.apiVersion === object.apiVersion && k.kind === object.kind);
  if (!kind) throw new Error(`${String(object.apiVersion)} ${String(object.kind)} is not in KINDS`);
  return kind;
}

/** The discovery documents kubectl reads to map each kind to its resource: the core group and one version per named group. */
const DISCOVERY: Record<string, Json> = (() => {
  const resources = (groupVersion: string) =>
    KINDS.filter((k) => k.apiVersion === groupVersion).map((k) => ({ name: k.plural, singularName: k.kind.toLowerCase(), namespaced: k.namespaced, kind: k.kind, verbs: ['create', 'get', 'list'] }));
  const named = [...new Set(KINDS.map((k) => k.apiVersion).filter((v) => v.includes('/')))];
  const groups = named.map((groupVersion) => {
    const [name = '', version = ''] = groupVersion.split('/');
    return { name, versions: [{ groupVersion, version }], preferredVersion: { groupVersion, version } };
  });
  if (new Set(groups.map((g) => g.name)).size !== groups.length) throw new Error('KINDS: one version per API group');
  return {
    '/version': { major: '1', minor: '35', gitVersion: 'v1.35.0' },
    '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: resources('v1') },
    '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups },
    ...Object.fromEntries(named.map((groupVersion) => [`/apis/${groupVersion}`, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: resources(groupVersion) }])),
  };
})();

/** Splits kubectl's `-o json` output, one pretty-printed object after another. */
function jsonObjects(text: string): Json[] {
  const objects: Json[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) {
      objects.push(JSON.parse(text.slice(start, i + 1)) as Json);
    }
  }
  return objects;
}

let discovery: Server;
let kubeHome: string;

/** `kubectl create --dry-run=client --validate=false -o json -f FILE`: kubectl's own parsing and kind mapping, nothing sent anywhere. */
async function kubectl(file: string): Promise<Json[]> {
  const result = await run('kubectl', ['create', '--dry-run=client', '--validate=false', '-o', 'json', '-f', file], {
    env: { PATH: process.env.PATH, HOME: kubeHome, KUBECONFIG: join(kubeHome, 'config') },
  });
  expect(result.stderr, relative(ROOT, file)).toBe('');
  expect(result.code, relative(ROOT, file)).toBe(0);
  return jsonObjects(result.stdout);
}

// ---------------------------------------------------------------- the API's own models

interface Attribute {
  baseName: string;
  type: string;
  format: string;
}
const MODELS = generatedModels as unknown as Record<string, { getAttributeTypeMap?: () => Attribute[] } | undefined>;

/**
 * Where VALUE does not fit TYPE, a type name of @kubernetes/client-node's attributeTypeMap: a field no model
 * defines, a value of the wrong JSON type, or a type this walk does not know (never skipped).
 */
function modelProblems(value: unknown, type: string, format: string, path: string): string[] {
  const wrong = (expected: string) => [`${path}: ${JSON.stringify(value)} is not ${expected}`];
  // null is how JSON leaves a field unset (kubectl's own output has "creationTimestamp": null).
  if (value === null) return [];
  const array = /^Array<(.+)>$/.exec(type)?.[1];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type)?.[1];
  if (array !== undefined) return Array.isArray(value) ? value.flatMap((item, i) => modelProblems(item, array, format, `${path}[${i}]`)) : wrong(type);
  if (map !== undefined || MODELS[type]) {
    if (typeof value !== 'object' || Array.isArray(value)) return wrong(`an object (${type})`);
    const entries = Object.entries(value);
    if (map !== undefined) return entries.flatMap(([key, item]) => modelProblems(item, map, format, `${path}.${key}`));
    const attributes = MODELS[type]?.getAttributeTypeMap?.() ?? [];
    return entries.flatMap(([key, item]) => {
      const attribute = attributes.find((a) => a.baseName === key);
      return attribute ? modelProblems(item, attribute.type, attribute.format, `${path}.${key}`) : [`${path}.${key}: not a field of ${type}`];
    });
  }
  switch (type) {
    case 'any':
      return [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : wrong('a boolean');
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrong('a number');
      if (format === 'int32') return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? [] : wrong('an int32');
      if (format === 'int64') return Number.isSafeInteger(value) ? [] : wrong('an int64');
      return [];
    case 'IntOrString':
      return typeof value === 'string' || (Number.isInteger(value) && Math.abs(value as number) < 2 ** 31) ? [] : wrong('an int32 or a string');
    case 'Date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? [] : wrong('a date-time');
    case 'string':
      if (typeof value !== 'string') return wrong('a string');
      if (format.startsWith('date-time')) return Number.isNaN(Date.parse(value)) ? wrong('a date-time') : [];
      if (format === 'byte') return /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? [] : wrong('base64');
      return [];
    default:
      return [`${path}: no model for type ${type}`];
  }
}

/** nodeadm's NodeConfig fields, from nodeadm/api/v1alpha1/nodeconfig_types.go (awslabs/amazon-eks-ami). */
const NODECONFIG_FIELDS: Record<string, string[]> = {
  '': ['apiVersion', 'kind', 'metadata', 'spec'],
  spec: ['cluster', 'containerd', 'instance', 'kubelet', 'featureGates'],
  'spec.cluster': ['name', 'apiServerEndpoint', 'certificateAuthority', 'cidr', 'enableOutpost', 'id'],
  'spec.containerd': ['config', 'baseRuntimeSpec'],
  'spec.instance': ['localStorage', 'environment', 'network'],
  'spec.kubelet': ['config', 'flags', 'maxPodsExpression'],
};

function unknownNodeConfigFields(value: Json, path = ''): string[] {
  const allowed = NODECONFIG_FIELDS[path];
  if (allowed === undefined) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = path ? `${path}.${key}` : key;
    if (!allowed.includes(key)) return [`${at}: not a NodeConfig field`];
    return typeof child === 'object' && child !== null && !Array.isArray(child) ? unknownNodeConfigFields(child as Json, at) : [];
  });
}

// ---------------------------------------------------------------- the manifests, as kubectl read them

interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Json & { capabilities?: { drop?: string[] }; runAsUser?: number; runAsNonRoot?: boolean };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface Probe {
  httpGet?: { path: string; port: number | string; scheme?: string };
}
interface Volume {
  name: string;
  hostPath?: { path: string; type?: string };
  configMap?: { name: string };
  secret?: { secretName: string };
}
interface PodSpec {
  securityContext?: Json & { runAsNonRoot?: boolean; runAsUser?: number };
  terminationGracePeriodSeconds?: number;
  nodeSelector?: Record<string, string>;
  tolerations?: Json[];
  automountServiceAccountToken?: boolean;
  initContainers?: Container[];
  containers: Container[];
  volumes?: Volume[];
}

const objects = new Map<string, Json[]>();
let nodeConfig: Json;
let daemonSet: Json & { metadata: { namespace?: string }; spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } } };
let configMap: Json & { metadata: { name: string }; data: Record<string, string> };
let pod: PodSpec;

type Labels = Record<string, string>;
interface Meta {
  name: string;
  namespace?: string;
  labels?: Labels;
}
let statefulSet: {
  metadata: Meta;
  spec: {
    replicas: number;
    serviceName: string;
    selector: { matchLabels: Labels };
    template: { metadata: { labels: Labels }; spec: PodSpec };
    volumeClaimTemplates: { metadata: Meta }[];
  };
};
let services: { metadata: Meta; spec: { clusterIP?: string; selector: Labels; ports: { name: string; targetPort: number | string }[] } }[];
let pdb: { spec: { minAvailable?: number; selector: { matchLabels: Labels } } };
let hpa: { spec: { scaleTargetRef: { apiVersion: string; kind: string; name: string }; minReplicas: number; maxReplicas: number } };
let proxyPod: PodSpec;
let serve: Container;

/** The value after FLAG in ARGS (`--flag value` or `--flag=value`). */
function flag(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at >= 0) return args[at + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

function hostPathAt(container: Container, mountPath: string): string {
  const mount = container.volumeMounts?.find((m) => m.mountPath === mountPath);
  const path = pod.volumes?.find((v) => v.name === mount?.name)?.hostPath?.path;
  if (path === undefined) throw new Error(`${container.name} mounts no hostPath at ${mountPath}`);
  return path;
}

function install(): Container {
  const container = pod.initContainers?.find((c) => c.name === 'install');
  if (!container) throw new Error('the DaemonSet has no install init container');
  return container;
}

// ---------------------------------------------------------------- setup

beforeAll(async () => {
  if ((await run('sh', ['-c', 'command -v kubectl'])).code !== 0) throw new Error(`kubectl is missing: ${FIX}`);
  kubeHome = temp('kubectl');
  discovery = createServer((req, res) => {
    const body = DISCOVERY[(req.url ?? '').split('?')[0] ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { kind: 'Status', code: 404 }));
  });
  await new Promise<void>((resolve) => discovery.listen(0, '127.0.0.1', resolve));
  const { port } = discovery.address() as AddressInfo;
  writeFileSync(
    join(kubeHome, 'config'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'offline', cluster: { server: `http://127.0.0.1:${port}` } }],
      users: [{ name: 'offline', user: {} }],
      contexts: [{ name: 'offline', context: { cluster: 'offline', user: 'offline' } }],
      'current-context': 'offline',
    }),
  );
  for (const file of yamlFiles(DEPLOY)) objects.set(file, await kubectl(file));
  const all = [...objects.values()].flat();
  nodeConfig = all.find((o) => o.kind === 'NodeConfig') as typeof nodeConfig;
  daemonSet = all.find((o) => o.kind === 'DaemonSet') as typeof daemonSet;
  configMap = all.find((o) => o.kind === 'ConfigMap') as typeof configMap;
  pod = daemonSet.spec.template.spec;
  const proxy = [...objects].filter(([file]) => relative(DEPLOY, file).startsWith('proxy/')).flatMap(([, list]) => list);
  const one = <T>(kind: string): T => {
    const found = proxy.filter((o) => o.kind === kind);
    if (found.length !== 1) throw new Error(`deploy/kubernetes/proxy has ${found.length} ${kind}s, not one`);
    return found[0] as T;
  };
  statefulSet = one('StatefulSet');
  pdb = one('PodDisruptionBudget');
  hpa = one('HorizontalPodAutoscaler');
  services = proxy.filter((o) => o.kind === 'Service') as unknown as typeof services;
  proxyPod = statefulSet.spec.template.spec;
  const container = proxyPod.containers.find((c) => c.name === 'serve');
  if (!container) throw new Error('the proxy StatefulSet has no serve container');
  serve = container;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => discovery?.close(resolve));
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- tests

describe('every YAML under deploy/kubernetes', () => {
  it('is read by kubectl offline, each object a known kind', () => {
    expect([...objects.keys()].map((file) => relative(DEPLOY, file))).toEqual([
      'credential-provider/credential-provider.yaml',
      'eks-al2023/nodeconfig.yaml',
      'proxy/00-namespace.yaml',
      'proxy/10-service.yaml',
      'proxy/20-statefulset.yaml',
      'proxy/30-pdb.yaml',
      'proxy/40-hpa.yaml',
    ]);
    for (const [file, list] of objects) {
      expect(list.length, file).toBeGreaterThan(0);
      for (const object of list) expect(object, file).toMatchObject({ apiVersion: expect.any(String), kind: expect.any(String) });
    }
    expect([...objects.values()].flat().map((o) => o.kind)).toEqual([
      ...['Namespace', 'ConfigMap', 'DaemonSet', 'NodeConfig'],
      ...['Namespace', 'Service', 'Service', 'ServiceAccount', 'StatefulSet', 'PodDisruptionBudget', 'HorizontalPodAutoscaler'],
    ]);
  });

  it('has only fields the Kubernetes API defines, with the types it defines', () => {
    const problems = [...objects.values()].flat().flatMap((object) => {
      const { model } = kindOf(object);
      const where = `${String(object.kind)}/${String((object.metadata as { name?: string } | undefined)?.name)}`;
      if (model === undefined) return object.kind === 'NodeConfig' ? [] : [`${where}: no model`];
      if (!MODELS[model]?.getAttributeTypeMap) return [`${where}: @kubernetes/client-node has no model ${model}`];
      return modelProblems(object, model, '', where);
    });
    expect(problems).toEqual([]);
  });

  it('has a NodeConfig with only the fields nodeadm defines', () => {
    expect(unknownNodeConfigFields(nodeConfig)).toEqual([]);
    const flags = (nodeConfig.spec as { kubelet: { flags: string[] } }).kubelet.flags;
    expect(flags.every((flag) => /^--[a-z-]+=\S+$/.test(flag))).toBe(true);
  });

  it('puts every namespaced object in the Namespace its directory creates', () => {
    for (const dir of ['credential-provider', 'proxy']) {
      const list = [...objects].filter(([file]) => relative(DEPLOY, file).startsWith(`${dir}/`)).flatMap(([, l]) => l) as { kind: string; apiVersion: string; metadata: Meta }[];
      const namespaces = list.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
      expect(namespaces, dir).toHaveLength(1);
      for (const object of list) {
        const where = `${dir}: ${object.kind}/${object.metadata.name}`;
        if (kindOf(object).namespaced) expect(object.metadata.namespace, where).toBe(namespaces[0]);
        else expect(object.metadata.namespace, where).toBeUndefined();
      }
    }
  });

  it('runs the same image in the DaemonSet and the proxy', () => {
    expect(install().image).toBe('registry.example.com/ecr-custom-domain:0.1.0');
    expect(serve.image).toBe(install().image);
  });
});

describe('the DaemonSet', () => {
  it('selects its own pods', () => {
    expect(daemonSet.spec.template.metadata.labels).toMatchObject(daemonSet.spec.selector.matchLabels);
  });

  it('reaches every Linux node, whatever its taints', () => {
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('gives every container requests, limits and a locked-down securityContext; only the hostPath writer is root', () => {
    const hostVolumes = new Set(pod.volumes?.filter((v) => v.hostPath).map((v) => v.name));
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      for (const kind of ['requests', 'limits'] as const) expect(Object.keys(container.resources?.[kind] ?? {}).sort(), `${container.name} ${kind}`).toEqual(['cpu', 'memory']);
      expect(container.securityContext, container.name).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(container.securityContext?.privileged, container.name).toBeUndefined();
      const writesHost = container.volumeMounts?.some((m) => hostVolumes.has(m.name) && !m.readOnly) ?? false;
      if (writesHost) expect(container.securityContext?.runAsUser, container.name).toBe(0);
      else expect(container.securityContext, container.name).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
      if (!writesHost) expect(container.securityContext?.runAsUser, container.name).not.toBe(0);
      for (const mount of container.volumeMounts ?? []) expect(pod.volumes?.map((v) => v.name), `${container.name} mounts ${mount.name}`).toContain(mount.name);
    }
    expect(pod.volumes?.filter((v) => v.hostPath).every((v) => v.hostPath?.type === 'DirectoryOrCreate')).toBe(true);
  });

  it('mounts the ConfigMap it ships, with the files the install step reads', () => {
    const volume = pod.volumes?.find((v) => v.configMap);
    expect(volume?.configMap?.name).toBe(configMap.metadata.name);
    const script = install().command?.join('\n') ?? '';
    for (const key of Object.keys(configMap.data)) expect(script).toContain(`/config/${key}`);
    expect(Object.keys(configMap.data).sort()).toEqual(['credential-providers.json', 'custom.json']);
  });

  it('writes where its provider config and the documented kubelet flags point', () => {
    const binDir = hostPathAt(install(), '/host/bin');
    const etcDir = hostPathAt(install(), '/host/etc');
    const config = JSON.parse(configMap.data['credential-providers.json'] ?? '') as { providers: { name: string; env: { name: string; value: string }[] }[] };
    const ours = config.providers.find((p) => p.name === PROVIDER);
    expect(ours?.env).toContainEqual({ name: 'AWS_ECR_CUSTOM_CONFIG', value: `${etcDir}/custom.json` });
    const readme = readFileSync(`${DEPLOY}/README.md`, 'utf8');
    expect(readme).toContain(`--image-credential-provider-bin-dir=${binDir}`);
    expect(readme).toContain(`--image-credential-provider-config=${etcDir}/credential-providers.json`);
  });

  it('ships the provider config and mapping that `init --kubelet` writes for its mapping', async () => {
    const dir = temp('init');
    const etcDir = hostPathAt(install(), '/host/etc');
    const mappingFile = join(dir, etcDir, 'custom.json');
    const kubeletFile = join(dir, 'credential-providers.json');
    const mapping = JSON.parse(configMap.data['custom.json'] ?? '') as Record<string, string | Record<string, string>>;
    for (const [alias, value] of Object.entries(mapping)) {
      const target = typeof value === 'string' ? { registry: value } : value;
      const flags = Object.entries(target).flatMap(([key, v]) => [`--${key}`, v]);
      const result = await run(process.execPath, [HELPER, 'init', '--alias', alias, ...flags, '--kubelet', kubeletFile], {
        env: { PATH: process.env.PATH, HOME: join(dir, 'home'), AWS_ECR_CUSTOM_CONFIG: mappingFile },
      });
      expect(result, alias).toMatchObject({ code: 0, stderr: '' });
    }
    const written = JSON.parse(readFileSync(kubeletFile, 'utf8').replaceAll(`"${dir}/`, '"/')) as unknown;
    expect(written).toEqual(JSON.parse(configMap.data['credential-providers.json'] ?? ''));
    expect(JSON.parse(readFileSync(mappingFile, 'utf8'))).toEqual(mapping);
  });
});

describe('the proxy (deploy/kubernetes/proxy)', () => {
  it('selects its own pods, governed by the headless Service', () => {
    expect(statefulSet.spec.template.metadata.labels).toMatchObject(statefulSet.spec.selector.matchLabels);
    expect(services.find((s) => s.metadata.name === statefulSet.spec.serviceName)?.spec.clusterIP).toBe('None');
  });

  it('keeps its --cache-dir on the volume of its volumeClaimTemplate', () => {
    const cacheDir = flag(serve.args ?? [], '--cache-dir');
    const mount = serve.volumeMounts?.find((m) => m.mountPath === cacheDir);
    expect(mount, `a volumeMount at ${cacheDir}`).toBeDefined();
    expect(mount?.readOnly).toBeFalsy();
    expect(statefulSet.spec.volumeClaimTemplates.map((t) => t.metadata.name)).toContain(mount?.name);
    expect(proxyPod.volumes?.map((v) => v.name)).not.toContain(mount?.name);
  });

  it('reads --tls-cert and --tls-key from the mounted Secret', () => {
    for (const name of ['--tls-cert', '--tls-key']) {
      const file = flag(serve.args ?? [], name) ?? '';
      const mount = serve.volumeMounts?.find((m) => file.startsWith(`${m.mountPath}/`));
      expect(proxyPod.volumes?.find((v) => v.name === mount?.name)?.secret, name).toBeDefined();
    }
  });

  it('drains within the grace period left after the preStop sleep', () => {
    const drain = Number(flag(serve.args ?? [], '--drain-seconds'));
    const sleep = serve.lifecycle?.preStop?.sleep?.seconds;
    const grace = proxyPod.terminationGracePeriodSeconds;
    expect(Number.isInteger(drain) && drain > 0, `--drain-seconds ${drain}`).toBe(true);
    expect(sleep).toBeGreaterThan(0);
    expect(drain).toBeLessThan((grace ?? 30) - (sleep ?? 0));
  });

  it('probes /healthz for liveness and /readyz for readiness, on its HTTPS port', () => {
    const ports = serve.ports?.map((p) => p.name) ?? [];
    expect(serve.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', scheme: 'HTTPS' });
    expect(serve.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', scheme: 'HTTPS' });
    for (const probe of [serve.livenessProbe, serve.readinessProbe]) expect(ports).toContain(probe?.httpGet?.port);
  });

  it('runs as non-root with a read-only root filesystem, no capabilities and no token', () => {
    expect(proxyPod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
    expect(proxyPod.securityContext?.runAsUser).not.toBe(0);
    expect(proxyPod.automountServiceAccountToken).toBe(false);
    for (const container of [...(proxyPod.initContainers ?? []), ...proxyPod.containers]) {
      expect(container.securityContext, container.name).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(container.securityContext?.runAsNonRoot, container.name).not.toBe(false);
      expect(container.securityContext?.runAsUser, container.name).not.toBe(0);
    }
  });

  it('has Services that select its pods, on a port it names', () => {
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      expect(Object.keys(service.spec.selector).length, service.metadata.name).toBeGreaterThan(0);
      expect(statefulSet.spec.template.metadata.labels, service.metadata.name).toMatchObject(service.spec.selector);
      for (const port of service.spec.ports) expect(serve.ports?.map((p) => p.name), service.metadata.name).toContain(port.targetPort);
    }
  });

  it('has a PodDisruptionBudget for its pods that still lets a node drain', () => {
    expect(Object.keys(pdb.spec.selector.matchLabels).length).toBeGreaterThan(0);
    expect(statefulSet.spec.template.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(pdb.spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
  });

  it('has a HorizontalPodAutoscaler that scales the StatefulSet, starting from its replicas', () => {
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: statefulSet.metadata.name });
    expect(statefulSet.spec.replicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
    expect(statefulSet.spec.replicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
  });
});

describe("the DaemonSet's install step, in a chroot built like our image (one executable and its libraries, no shell)", () => {
  let root: string;

  /** tools, then install, as the pod runs them: tools with busybox's image, install with ours. */
  async function runPod(mapping: string): Promise<Result> {
    root = temp('image');
    for (const dir of ['bin', 'tools', 'config', 'host/bin', 'host/etc', 'usr/local/bin', 'ecr-custom-domain']) mkdirSync(join(root, dir), { recursive: true });
    copyFileSync(BUSYBOX, join(root, 'bin/busybox'));
    const tools = pod.initContainers?.find((c) => c.name === 'tools')?.command ?? [];
    const copied = await run(CHROOT, [root, ...tools], { env: {} });
    expect(copied).toMatchObject({ code: 0, stderr: '' });
    rmSync(join(root, 'bin'), { recursive: true });
    // Our image: an executable (here node and the helper bundle behind a shebang the kernel follows) and the libraries it links.
    const node = realpathSync(process.execPath);
    copyFileSync(node, join(root, 'ecr-custom-domain/node'));
    for (const library of execFileSync('ldd', [node], { encoding: 'utf8' }).match(/\/\S+/g) ?? []) {
      mkdirSync(join(root, dirname(library)), { recursive: true });
      copyFileSync(library, join(root, library));
    }
    const bundle = readFileSync(HELPER, 'utf8').replace(/^#!.*\n/, '#!/ecr-custom-domain/node\n');
    writeFileSync(join(root, 'usr/local/bin', PROVIDER), bundle, { mode: 0o755 });
    writeFileSync(join(root, 'config/custom.json'), mapping);
    writeFileSync(join(root, 'config/credential-providers.json'), configMap.data['credential-providers.json'] ?? '');
    expect(existsSync(join(root, 'bin/sh'))).toBe(false);
    return run(CHROOT, [root, ...(install().command ?? [])], { env: {} });
  }

  it('installs the binary and both files, then leaves identical files alone', async () => {
    if (process.getuid?.() !== 0) throw new Error('chroot needs root: run the tests as root, as scripts/test.sh does');
    for (const tool of [BUSYBOX, CHROOT]) if (!existsSync(tool)) throw new Error(`${tool} is missing: ${FIX}`);
    const first = await runPod(configMap.data['custom.json'] ?? '');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual(['/host/bin/docker-credential-ecr-custom', '/host/etc/custom.json', '/host/etc/credential-providers.json'].map((f) => `wrote ${f}`));
    expect(statSync(join(root, 'host/bin', PROVIDER)).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(root, 'host/bin', PROVIDER))).toEqual(readFileSync(join(root, 'usr/local/bin', PROVIDER)));
    for (const file of ['custom.json', 'credential-providers.json']) {
      expect(readFileSync(join(root, 'host/etc', file), 'utf8')).toBe(configMap.data[file]);
      expect(statSync(join(root, 'host/etc', file)).mode & 0o777).toBe(0o644);
    }
    const again = await run(CHROOT, [root, ...(install().command ?? [])], { env: {} });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim().split('\n')).toEqual(['/host/bin/docker-credential-ecr-custom', '/host/etc/custom.json', '/host/etc/credential-providers.json'].map((f) => `${f} is up to date`));
    expect(readdirSync(join(root, 'host/bin'))).toEqual([PROVIDER]);
  });

  it('refuses a mapping the helper cannot read before anything on the node changes', async () => {
    if (process.getuid?.() !== 0) throw new Error('chroot needs root: run the tests as root, as scripts/test.sh does');
    const result = await runPod('{"ecr.example.com": 42}');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('/config/custom.json');
    expect(readdirSync(join(root, 'host/bin'))).toEqual([]);
    expect(readdirSync(join(root, 'host/etc'))).toEqual([]);
  });
});

describe('the EKS AL2023 user data in deploy/kubernetes/README.md', () => {
  const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
  const PASSWORD = 'kubelet-stand-in-password';
  /** What nodeadm writes to /etc/eks/image-credential-provider/config.json (its e2e expectation, shortened). */
  const NODEADM_CONFIG = {
    apiVersion: 'kubelet.config.k8s.io/v1',
    kind: 'CredentialProviderConfig',
    providers: [
      {
        name: 'ecr-credential-provider',
        matchImages: ['*.dkr.ecr.*.amazonaws.com', '*.dkr-ecr.*.on.aws', 'public.ecr.aws'],
        defaultCacheDuration: '12h0m0s',
        apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
      },
    ],
  };
  let parts: { type: string; body: string }[];
  let release: string;
  let sums: string;
  let downloads: Server;
  let baseUrl: string;
  let api: EcrApiStandIn;

  beforeAll(async () => {
    const readme = readFileSync(`${DEPLOY}/README.md`, 'utf8');
    const block = /<!-- user-data:begin -->\n```text\n([\s\S]*?)```\n<!-- user-data:end -->/.exec(readme)?.[1];
    if (block === undefined) throw new Error('README.md has no user-data block');
    const boundary = /boundary="([^"]+)"/.exec(block)?.[1] ?? '';
    parts = block
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((part) => {
        const [headers = '', ...body] = part.replace(/^\n/, '').split('\n\n');
        return { type: /Content-Type: ([^;\n]+)/.exec(headers)?.[1] ?? '', body: body.join('\n\n').trimEnd() };
      });
    // A stand-in release: the helper behind a two-line launcher, and its SHA256SUMS.
    release = temp('release');
    const launcher = `#!/bin/sh\nexec '${process.execPath}' '${HELPER}' "$@"\n`;
    sums = ['x64', 'arm64']
      .map((arch) => {
        writeFileSync(join(release, `${PROVIDER}-linux-${arch}`), launcher);
        return `${createHash('sha256').update(launcher).digest('hex')}  ${PROVIDER}-linux-${arch}`;
      })
      .join('\n');
    downloads = createServer((req, res) => {
      const file = join(release, (req.url ?? '').replace(/^\/ecr-custom-domain\//, ''));
      if (!existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => downloads.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(downloads.address() as AddressInfo).port}/ecr-custom-domain`;
    api = await startEcrApiStandIn({ host: '127.0.0.1', password: PASSWORD });
  });
  afterAll(async () => {
    await new Promise((resolve) => downloads?.close(resolve));
    await api?.close();
  });

  /** A node's files as nodeadm-config leaves them, then the script as cloud-init runs it. */
  async function boot(env: Record<string, string> = {}): Promise<{ result: Result; node: string }> {
    const node = temp('node');
    mkdirSync(join(node, 'etc/eks/image-credential-provider'), { recursive: true });
    writeFileSync(join(node, 'etc/eks/image-credential-provider/config.json'), JSON.stringify(NODEADM_CONFIG, null, 2));
    const script = parts.find((p) => p.type === 'text/x-shellscript')?.body ?? '';
    writeFileSync(join(node, 'user-data.sh'), script);
    const result = await run('bash', [join(node, 'user-data.sh')], {
      env: {
        PATH: process.env.PATH,
        HOME: join(node, 'root'),
        BASE_URL: baseUrl,
        SHA256SUMS: sums,
        BIN_DIR: join(node, 'etc/eks/image-credential-provider'),
        NODEADM_CONFIG: join(node, 'etc/eks/image-credential-provider/config.json'),
        CONF_DIR: join(node, 'etc/ecr-custom-domain'),
        ...env,
      },
    });
    return { result, node };
  }

  it('is a NodeConfig part equal to eks-al2023/nodeconfig.yaml and a shell script part bash accepts', async () => {
    expect(parts.map((p) => p.type)).toEqual(['application/node.eks.aws', 'text/x-shellscript']);
    expect(parts[0]?.body).toBe(readFileSync(NODECONFIG, 'utf8').trimEnd());
    const check = await run('bash', ['-n'], { input: parts[1]?.body ?? '' });
    expect(check).toMatchObject({ code: 0, stderr: '' });
  });

  it("installs the checked binary next to nodeadm's and adds the provider to a copy of nodeadm's config", async () => {
    const { result, node } = await boot();
    expect(result.code, result.stderr).toBe(0);
    const installed = join(node, 'etc/eks/image-credential-provider', PROVIDER);
    expect(statSync(installed).mode & 0o777).toBe(0o755);
    const config = JSON.parse(readFileSync(join(node, 'etc/ecr-custom-domain/credential-providers.json'), 'utf8')) as { providers: Json[] };
    expect(config.providers[0]).toEqual(NODEADM_CONFIG.providers[0]);
    expect(config.providers[1]).toMatchObject({
      name: PROVIDER,
      matchImages: ['ecr.example.com', REGISTRY],
      args: ['kubelet'],
      env: [{ name: 'AWS_ECR_CUSTOM_CONFIG', value: join(node, 'etc/ecr-custom-domain/custom.json') }],
    });
    // nodeadm's own file is left as nodeadm wrote it; the entry is the DaemonSet's, but for the mapping file's path.
    expect(JSON.parse(readFileSync(join(node, 'etc/eks/image-credential-provider/config.json'), 'utf8'))).toEqual(NODEADM_CONFIG);
    const shipped = (JSON.parse(configMap.data['credential-providers.json'] ?? '') as { providers: Json[] }).providers[0];
    expect(config.providers[1]).toEqual({ ...shipped, env: [{ name: 'AWS_ECR_CUSTOM_CONFIG', value: join(node, 'etc/ecr-custom-domain/custom.json') }] });

    // The kubelet's call: the configured binary, args and env, a CredentialProviderRequest on stdin.
    const provider = config.providers[1] as { args: string[]; env: { name: string; value: string }[] };
    const answer = await run(installed, provider.args, {
      input: JSON.stringify({ apiVersion: 'credentialprovider.kubelet.k8s.io/v1', kind: 'CredentialProviderRequest', image: 'ecr.example.com/app:1.0' }),
      env: {
        PATH: process.env.PATH,
        HOME: join(node, 'root'),
        ...Object.fromEntries(provider.env.map((e) => [e.name, e.value])),
        AWS_ACCESS_KEY_ID: 'AKIDSTANDINEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'stand-in-secret-access-key',
        AWS_ENDPOINT_URL_ECR: api.url,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    expect(answer.code, answer.stderr).toBe(0);
    expect(JSON.parse(answer.stdout)).toMatchObject({ kind: 'CredentialProviderResponse', auth: { 'ecr.example.com': { username: 'AWS', password: PASSWORD } } });
  });

  it.each([
    ['a binary whose SHA-256 differs', (s: string) => s.replace(/^[0-9a-f]{8}/gm, '00000000'), 'did NOT match'],
    ['no SHA-256 line for the binary', (s: string) => s.split('\n').filter((l) => !l.endsWith('-x64')).join('\n'), 'no SHA-256'],
  ])('refuses %s and installs nothing', async (_case, change, message) => {
    if (process.arch !== 'x64') throw new Error('this case edits the x64 line; run it on x64');
    const { result, node } = await boot({ SHA256SUMS: change(sums) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect(readdirSync(join(node, 'etc/eks/image-credential-provider'))).toEqual(['config.json']);
    expect(existsSync(join(node, 'etc/ecr-custom-domain'))).toBe(false);
  });
});

