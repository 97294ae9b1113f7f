import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// function/src/registry-path.ts
var COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
var NAME = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
var TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
var DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
function isRepositoryName(name) {
  return name.length <= 256 && NAME.test(name);
}
function parseRegistryPath(path) {
  if (path === "/v2/" || path === "/v2") return { kind: "base" };
  if (path === "/v2/_catalog") return { kind: "catalog" };
  if (!path.startsWith("/v2/")) return { kind: "invalid" };
  const segments = path.slice(4).split("/");
  const n = segments.length;
  const last = segments[n - 1] ?? "";
  const before = segments[n - 2] ?? "";
  const name = (drop) => {
    const candidate = segments.slice(0, n - drop).join("/");
    return isRepositoryName(candidate) ? candidate : void 0;
  };
  if (n >= 3 && before === "tags" && last === "list") {
    const repository = name(2);
    return repository ? { kind: "tags", name: repository } : { kind: "invalid" };
  }
  if (n >= 3 && before === "manifests") {
    const repository = name(2);
    return repository && (TAG.test(last) || DIGEST.test(last)) ? { kind: "manifest", name: repository, reference: last } : { kind: "invalid" };
  }
  if (n >= 3 && before === "blobs" && last !== "uploads") {
    const repository = name(2);
    return repository && DIGEST.test(last) ? { kind: "blob", name: repository, digest: last } : { kind: "invalid" };
  }
  if (n >= 3 && before === "referrers") {
    const repository = name(2);
    return repository && DIGEST.test(last) ? { kind: "referrers", name: repository, digest: last } : { kind: "invalid" };
  }
  const uploads = segments.indexOf("uploads");
  if (uploads >= 2 && segments[uploads - 1] === "blobs") {
    const repository = segments.slice(0, uploads - 1).join("/");
    return isRepositoryName(repository) ? { kind: "upload", name: repository } : { kind: "invalid" };
  }
  return { kind: "invalid" };
}
function registryPathOf(parsed) {
  switch (parsed.kind) {
    case "base":
      return "/v2/";
    case "catalog":
      return "/v2/_catalog";
    case "tags":
      return `/v2/${parsed.name}/tags/list`;
    case "manifest":
      return `/v2/${parsed.name}/manifests/${parsed.reference}`;
    case "blob":
      return `/v2/${parsed.name}/blobs/${parsed.digest}`;
    case "referrers":
      return `/v2/${parsed.name}/referrers/${parsed.digest}`;
  }
}
var PATTERN = new RegExp(`^(?:${COMPONENT}|\\*\\*?)(?:/(?:${COMPONENT}|\\*\\*?))*$`);
function isRepositoryPattern(pattern) {
  return PATTERN.test(pattern) && !/\*\*.*\*\*/.test(pattern);
}
function repositoryMatcher(patterns) {
  const exact = new Set(patterns.filter((p) => !p.includes("*")));
  const globs = patterns.filter((p) => p.includes("*")).map((p) => new RegExp(`^${p.split("/").map((s) => s === "**" ? `${COMPONENT}(?:/${COMPONENT})*` : s === "*" ? COMPONENT : s.replace(/\./g, "\\.")).join("/")}$`));
  return (name) => exact.has(name) || globs.some((g) => g.test(name));
}

// function/src/config.ts
var ConfigError = class extends Error {
  name = "ConfigError";
};
var HOST_PORT = /^(?=.{1,253}(?::\d{1,5})?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::(\d{1,5}))?$/;
var ECR_HOST = /^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
function parseRegistry(value, name = "ECR_REGISTRY") {
  if (value === void 0 || value.trim() === "") {
    throw new ConfigError(
      `${name} is not set: set it to the upstream registry host[:port], e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com`
    );
  }
  const match = HOST_PORT.exec(value);
  const port = match?.[1];
  if (!match || port !== void 0 && (Number(port) < 1 || Number(port) > 65535)) {
    throw new ConfigError(
      `${name} must be a registry host[:port] without scheme or path, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com; got ${JSON.stringify(value.slice(0, 100))}`
    );
  }
  return value.toLowerCase();
}
function ecrRegion(registry) {
  return ECR_HOST.exec(registry)?.[1];
}
function oneOf(name, value, allowed, fallback) {
  if (value === void 0 || value === "") return fallback;
  if (allowed.includes(value)) return value;
  throw new ConfigError(`${name} must be one of ${allowed.join(", ")}; got ${JSON.stringify(value.slice(0, 50))}`);
}
function readPublic(env, registry) {
  const repositories = (env.PUBLIC_REPOSITORIES ?? "").split(",").map((r) => r.trim()).filter((r) => r !== "");
  if (repositories.length === 0) {
    throw new ConfigError("PUBLIC_REPOSITORIES is empty: public access needs the repositories to serve, e.g. PUBLIC_REPOSITORIES=app,team/*");
  }
  const bad = repositories.find((r) => !isRepositoryPattern(r));
  if (bad !== void 0) {
    throw new ConfigError(`PUBLIC_REPOSITORIES has ${JSON.stringify(bad.slice(0, 100))}: use lower-case repository names, with * for one path segment or ** for any number`);
  }
  const auth = oneOf("PUBLIC_AUTH", env.PUBLIC_AUTH, ["none", "basic", "custom"], "none");
  const region = ecrRegion(registry) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region === void 0 || region === "") {
    throw new ConfigError("public access needs a region for the registry token: use an ECR registry host, or set AWS_REGION");
  }
  const config2 = { repositories, allows: repositoryMatcher(repositories), auth, region };
  if (auth === "basic") {
    const sources = [];
    if (env.BASIC_AUTH_SSM_PARAMETER) sources.push({ kind: "ssm", name: env.BASIC_AUTH_SSM_PARAMETER });
    if (env.BASIC_AUTH_SECRET_ID) sources.push({ kind: "secret", id: env.BASIC_AUTH_SECRET_ID });
    if (env.BASIC_AUTH_FILE) sources.push({ kind: "file", path: env.BASIC_AUTH_FILE });
    if (sources.length !== 1) {
      throw new ConfigError("PUBLIC_AUTH=basic needs exactly one of BASIC_AUTH_SSM_PARAMETER, BASIC_AUTH_SECRET_ID or BASIC_AUTH_FILE");
    }
    config2.basic = sources[0];
  }
  return config2;
}
function readConfig(env) {
  const registry = parseRegistry(env.ECR_REGISTRY);
  const access = oneOf("ACCESS", env.ACCESS, ["private", "public"], "private");
  return access === "public" ? { registry, access, public: readPublic(env, registry) } : { registry, access };
}

// function/src/forward.ts
var UpstreamError = class extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
  status;
  headers;
};
var MAX_IN_FLIGHT = 128;
var inFlight = 0;
var HOP_BY_HOP = /* @__PURE__ */ new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "trailer", "te", "proxy-authenticate"]);
var transport;
function https() {
  transport ??= import("node:https").then((m) => ({ agent: new m.Agent({ keepAlive: true, maxSockets: 64, timeout: 3e4 }), request: m.request }));
  return transport;
}
async function once(request, signal) {
  const { agent, request: httpsRequest } = await https();
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const req = httpsRequest(
      {
        host: url.hostname,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: { ...request.headers, ...request.body && request.body.length > 0 ? { "content-length": String(request.body.length) } : {} },
        agent,
        signal
      },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => resolve({ response, body: Buffer.concat(chunks) }));
        response.on("error", reject);
        response.on("close", () => {
          if (!response.complete) reject(new Error("the answer was cut off"));
        });
      }
    );
    req.on("error", (error) => reject(Object.assign(error, { reused: req.reusedSocket })));
    req.end(request.body && request.body.length > 0 ? request.body : void 0);
  });
}
async function forward(request) {
  if (inFlight >= MAX_IN_FLIGHT) {
    throw new UpstreamError(503, "the alias has too many requests waiting on the registry; retry shortly", { "retry-after": "1" });
  }
  inFlight++;
  const signal = AbortSignal.timeout(request.timeoutMs);
  let answer;
  try {
    answer = await once(request, signal);
  } catch (error) {
    const idempotent = request.method === "GET" || request.method === "HEAD";
    if (idempotent && error.reused === true && !signal.aborted) {
      try {
        answer = await once(request, signal);
      } catch {
        throw upstreamError(signal);
      }
    } else {
      throw upstreamError(signal);
    }
  } finally {
    inFlight--;
  }
  const headers = {};
  for (const [name, value] of Object.entries(answer.response.headers)) {
    if (value === void 0 || HOP_BY_HOP.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { status: answer.response.statusCode ?? 502, headers, body: answer.body };
}
function upstreamError(signal) {
  return signal.aborted ? new UpstreamError(504, "the registry did not answer in time") : new UpstreamError(502, "the registry could not be reached");
}

// function/src/limits.ts
var LIMITS_FOR_LAMBDA = {
  /** Below API Gateway's hard 30 s integration timeout, with room for the reply. */
  upstreamTimeoutMs: 25e3,
  /** Time kept back from the function's own deadline to answer 504 before Lambda ends it. */
  replyMarginMs: 1e3,
  /** A body returned through a synchronous invoke is base64 (4/3) inside a 6 MB response payload. */
  responseBodyBytes: 4 * 1024 * 1024
};

// function/src/location.ts
var PATH_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
var PATH_UNSAFE_ALL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]+/g;
var QUERY_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/;
var QUERY_UNSAFE_ALL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]+/g;
function percentEncode(text) {
  let out = "";
  const bytes = Buffer.from(text, "utf8");
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    out += `%${byte < 16 ? "0" : ""}${byte.toString(16).toUpperCase()}`;
  }
  return out;
}
function encodePath(path) {
  return PATH_UNSAFE.test(path) ? path.replace(PATH_UNSAFE_ALL, percentEncode) : path;
}
function encodeQuery(query) {
  return QUERY_UNSAFE.test(query) ? query.replace(QUERY_UNSAFE_ALL, percentEncode) : query;
}
function aliasHost(domainName) {
  return domainName.replace(/[^A-Za-z0-9.:[\]-]/g, "").slice(0, 260);
}
function registryUrl(registry, path, query) {
  const base = `https://${registry}${encodePath(path)}`;
  return query === "" ? base : `${base}?${encodeQuery(query)}`;
}
var ABSOLUTE_HTTPS = /^https:\/\/([^/?#]*)(.*)$/i;
var SAFE_PATH = /^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/;
function pathOnRegistry(url, registry) {
  const match = ABSOLUTE_HTTPS.exec(url);
  if (match === null) return void 0;
  const authority = (match[1] ?? "").toLowerCase();
  const host = registry.toLowerCase();
  if (authority !== host && authority !== `${host}:443`) return void 0;
  const rest = match[2] ?? "";
  const hash = rest.indexOf("#");
  const path = hash === -1 ? rest : rest.slice(0, hash);
  return SAFE_PATH.test(path) ? path : void 0;
}

// function/src/outcome.ts
var NAME_UNKNOWN_BODY = JSON.stringify({ errors: [{ code: "NAME_UNKNOWN", message: "repository name not known to registry" }] });
function ociError(status, code, message, headers = {}) {
  return {
    kind: "reply",
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ errors: [{ code, message }] })
  };
}

// function/src/answer.ts
function locationOnRegistry(location, registry) {
  return location.startsWith("/") && !location.startsWith("//") ? `https://${registry}${location}` : location;
}
function rewriteLink(link, registry, alias) {
  const match = /^<([^>]*)>(.*)$/.exec(link.trim());
  if (!match) return void 0;
  const target = match[1] ?? "";
  const path = target.startsWith("/v2/") ? target : pathOnRegistry(target, registry);
  if (path === void 0 || !path.startsWith("/v2/")) return void 0;
  return `<https://${alias}${path}>${match[2] ?? ""}`;
}
function headAnswer(upstream, plan) {
  const { "content-length": length, ...headers } = upstream.headers;
  if (upstream.status < 200 || upstream.status > 299) return { status: upstream.status, headers, body: Buffer.alloc(0) };
  if (plan === "fetch") return { status: upstream.status, headers, body: upstream.body };
  const size = length !== void 0 && /^\d{1,10}$/.test(length) ? Number(length) : void 0;
  if (size === void 0 || size > LIMITS_FOR_LAMBDA.responseBodyBytes) {
    return ociError(404, "BLOB_UNKNOWN", "the alias cannot pass this blob’s size through the gateway; upload it again");
  }
  return { status: upstream.status, headers, body: Buffer.alloc(size) };
}

// function/src/decide.ts
function isRegistryPath(path) {
  return path === "/v2" || path.startsWith("/v2/");
}
var NOT_REGISTRY_PATH = ociError(404, "UNSUPPORTED", "not a registry API path: the registry API is served under /v2/");
var DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;
function hasDotSegment(path) {
  return DOT_SEGMENT.test(path);
}
function isPing(request) {
  return (request.path === "/v2/" || request.path === "/v2") && (request.method === "GET" || request.method === "HEAD");
}
function usesContainerdStore(userAgent) {
  return userAgent?.includes(" containerd-client/") === true;
}
function authenticatesPerHop(userAgent) {
  return userAgent?.startsWith("docker/") === true;
}
var NOT_FORWARDED = /* @__PURE__ */ new Set([
  "host",
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-length",
  // The alias hands bodies back byte for byte, so it asks for them uncompressed.
  "accept-encoding",
  "expect",
  "forwarded",
  "via"
]);
function forwardedHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === void 0 || NOT_FORWARDED.has(name) || name.startsWith("x-forwarded-") || name.startsWith("x-amzn-")) continue;
    out[name] = value;
  }
  return out;
}
function decide(request, config2) {
  if (!isRegistryPath(request.path)) return NOT_REGISTRY_PATH;
  if (config2.public !== void 0) return decidePublic(request, config2.registry, config2.public);
  if (hasDotSegment(request.path)) return NOT_REGISTRY_PATH;
  const url = registryUrl(config2.registry, request.path, request.query);
  if (request.headers.authorization !== void 0) {
    return { kind: "forward", url, headers: forwardedHeaders(request.headers), ...upstreamMethod(request.method, () => parseRegistryPath(request.path).kind) };
  }
  const userAgent = request.headers["user-agent"];
  if (!usesContainerdStore(userAgent) && (isPing(request) || authenticatesPerHop(userAgent))) {
    return { kind: "redirect", location: url };
  }
  return challenge(request);
}
function upstreamMethod(method, pathKind) {
  if (method !== "HEAD") return { method };
  return pathKind() === "manifest" ? { method: "GET", head: "fetch" } : { method, head: "measure" };
}
function challenge(request) {
  return { kind: "challenge", realm: `https://${aliasHost(request.alias)}/` };
}
var PULL_HEADERS = ["accept", "user-agent", "range", "if-none-match", "if-modified-since"];
var QUERY_KEYS = { tags: ["n", "last"], catalog: ["n", "last"], referrers: ["artifactType"] };
function pullQuery(kind, raw) {
  const keys = QUERY_KEYS[kind];
  if (keys === void 0 || raw === "") return "";
  const params = new URLSearchParams(raw);
  const kept = new URLSearchParams();
  for (const key of keys) {
    const value = params.get(key);
    if (value !== null) kept.set(key, value);
  }
  return kept.toString();
}
var NOT_FOUND = { kind: "reply", status: 404, headers: { "content-type": "application/json" }, body: NAME_UNKNOWN_BODY };
function decidePublic(request, registry, config2) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return ociError(405, "UNSUPPORTED", "this registry is read-only: only GET and HEAD are served", { allow: "GET, HEAD" });
  }
  if (config2.auth === "basic" && request.credentialsValid !== true) return challenge(request);
  const parsed = parseRegistryPath(request.path);
  if (parsed.kind === "base") {
    if (config2.auth === "custom" && request.headers.authorization === void 0) return challenge(request);
    return { kind: "reply", status: 200, headers: { "content-type": "application/json", "docker-distribution-api-version": "registry/2.0" }, body: "{}" };
  }
  if (parsed.kind === "catalog") {
    const params = new URLSearchParams(request.query);
    const n = Number(params.get("n") ?? Number.NaN);
    return { kind: "catalog", n: Number.isInteger(n) && n > 0 ? Math.min(n, 1e3) : void 0, last: params.get("last") ?? void 0 };
  }
  if (parsed.kind === "invalid" || parsed.kind === "upload" || !config2.allows(parsed.name)) return NOT_FOUND;
  const headers = {};
  for (const name of PULL_HEADERS) {
    const value = request.headers[name];
    if (value !== void 0) headers[name] = value;
  }
  const url = registryUrl(registry, registryPathOf(parsed), pullQuery(parsed.kind, request.query));
  return { kind: "pull", url, headers, repository: parsed.name, ...upstreamMethod(request.method, () => parsed.kind) };
}

// function/src/public-pull.ts
function catalogNames(body) {
  if (body.length > 1024 * 1024) return void 0;
  try {
    const page = JSON.parse(body.toString("utf8"));
    if (page === null || typeof page !== "object") return void 0;
    const names = page.repositories ?? [];
    return Array.isArray(names) ? names.filter((n) => typeof n === "string") : void 0;
  } catch {
    return void 0;
  }
}
function ociResult(status, message) {
  const reply2 = ociError(status, "UNAVAILABLE", message);
  return { statusCode: reply2.status, headers: { ...reply2.headers }, body: reply2.body };
}
var UPSTREAM_PAGE = 1e3;
var MAX_UPSTREAM_PAGES = 20;
async function catalogPage(request, allows, get, registry, alias) {
  const found = [];
  let cursor = request.last;
  let more = true;
  for (let page = 0; more && page < MAX_UPSTREAM_PAGES && (request.n === void 0 || found.length <= request.n); page++) {
    const query = new URLSearchParams({ n: String(UPSTREAM_PAGE) });
    if (cursor !== void 0) query.set("last", cursor);
    const upstream = await get(`https://${registry}/v2/_catalog?${query}`);
    if (upstream.status !== 200) {
      return { statusCode: upstream.status >= 500 ? 502 : upstream.status, headers: { "content-type": "application/json" }, body: upstream.body.toString("utf8") };
    }
    const names = catalogNames(upstream.body);
    if (names === void 0) return ociResult(502, "the registry’s catalog answer is not the JSON the alias can read");
    const list = names;
    for (const name of list) if (allows(name)) found.push(name);
    more = list.length > 0 && /rel="?next"?/.test(upstream.headers.link ?? "");
    cursor = list.at(-1);
  }
  const repositories = request.n === void 0 ? found : found.slice(0, request.n);
  const hasNext = request.n !== void 0 && (found.length > request.n || more && repositories.length > 0);
  const headers = { "content-type": "application/json" };
  const lastShown = repositories.at(-1);
  if (hasNext && lastShown !== void 0) {
    headers.link = `<https://${alias}/v2/_catalog?${new URLSearchParams({ last: lastShown, n: String(request.n) })}>; rel="next"`;
  }
  return { statusCode: 200, headers, body: JSON.stringify({ repositories }) };
}

// function/src/handler.ts
function toRegistryRequest(event) {
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: event.rawQueryString,
    headers: event.headers ?? {},
    alias: aliasHost(event.requestContext.domainName)
  };
}
function reply(outcome) {
  return { statusCode: outcome.status, headers: { ...outcome.headers }, body: outcome.body };
}
var notFound = () => ({ statusCode: 404, headers: { "content-type": "application/json" }, body: NAME_UNKNOWN_BODY });
function eventBody(event) {
  if (event.body === void 0 || event.body === "") return void 0;
  return Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8");
}
function forwardTimeout(context) {
  const limit = LIMITS_FOR_LAMBDA.upstreamTimeoutMs;
  if (context === void 0) return limit;
  return Math.max(1, Math.min(limit, context.getRemainingTimeInMillis() - LIMITS_FOR_LAMBDA.replyMarginMs));
}
function toResult(outcome, upstream, { config: config2, event }) {
  const location = upstream.headers.location;
  if (location !== void 0) upstream.headers.location = locationOnRegistry(location, config2.registry);
  const link = upstream.headers.link;
  if (link !== void 0) {
    const rewritten = rewriteLink(link, config2.registry, aliasHost(event.requestContext.domainName));
    if (rewritten === void 0) delete upstream.headers.link;
    else upstream.headers.link = rewritten;
  }
  let answer = upstream;
  if (outcome.head !== void 0) {
    const shaped = headAnswer(upstream, outcome.head);
    if ("kind" in shaped) return reply(shaped);
    answer = shaped;
  }
  if (answer.body.length > LIMITS_FOR_LAMBDA.responseBodyBytes) {
    return reply(ociError(502, "SIZE_INVALID", "the registry answer is larger than the alias can return; blobs must come by redirect"));
  }
  const { "content-length": _length, ...headers } = answer.headers;
  const result = { statusCode: answer.status, headers };
  if (answer.body.length > 0) {
    result.body = answer.body.toString("base64");
    result.isBase64Encoded = true;
  }
  return result;
}
function upstreamFailure(error) {
  if (!(error instanceof UpstreamError)) throw error;
  return reply(ociError(error.status, "UNAVAILABLE", error.message, { ...error.headers }));
}
async function forwardResult(outcome, invocation) {
  const { event, send, context } = invocation;
  try {
    const body = eventBody(event);
    const upstream = await send({ url: outcome.url, method: outcome.method, headers: outcome.headers, timeoutMs: forwardTimeout(context), ...body ? { body } : {} });
    return toResult(outcome, upstream, invocation);
  } catch (error) {
    return upstreamFailure(error);
  }
}
var Refused = class extends Error {
  constructor(result) {
    super("refused");
    this.result = result;
  }
  result;
};
async function sendWithToken(request, { send, services: services2 }) {
  if (services2 === void 0) throw new Error("public access without its services");
  for (let attempt = 0; ; attempt++) {
    const authorization = await services2.token.authorization().catch(() => {
      throw new Refused(reply(ociError(503, "UNAVAILABLE", "the alias could not get a registry token")));
    });
    const upstream = await send({ ...request, headers: { ...request.headers, authorization } });
    if (upstream.status !== 401) return upstream;
    services2.token.discard();
    if (attempt === 1) throw new Refused(reply(ociError(502, "UNAVAILABLE", "the registry refused the alias’s token")));
  }
}
async function publicAnswer(run) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refused) return error.result;
    return upstreamFailure(error);
  }
}
function pullResult(outcome, invocation) {
  return publicAnswer(async () => {
    const upstream = await sendWithToken({ url: outcome.url, method: outcome.method, headers: outcome.headers, timeoutMs: forwardTimeout(invocation.context) }, invocation);
    if (upstream.status === 404 && upstream.body.includes("NAME_UNKNOWN") || upstream.status === 403) return notFound();
    delete upstream.headers["www-authenticate"];
    return toResult(outcome, upstream, invocation);
  });
}
function catalogResult(outcome, invocation) {
  const allows = invocation.config.public?.allows;
  if (allows === void 0) throw new Error("catalog outside public access");
  const get = (url) => sendWithToken({ url, method: "GET", headers: { accept: "application/json" }, timeoutMs: forwardTimeout(invocation.context) }, invocation);
  return publicAnswer(() => catalogPage(outcome, allows, get, invocation.config.registry, aliasHost(invocation.event.requestContext.domainName)));
}
function answerLocally(outcome) {
  switch (outcome.kind) {
    case "redirect":
      return { statusCode: 307, headers: { location: outcome.location }, body: "" };
    case "challenge":
      return reply(
        ociError(401, "UNAUTHORIZED", "authentication required", {
          "www-authenticate": `Basic realm="${outcome.realm}"`,
          "docker-distribution-api-version": "registry/2.0"
        })
      );
    case "reply":
      return reply(outcome);
  }
}
var NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
function jsonString(text) {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}
function logRequest(log, event, status, outcome, started) {
  const ms = Math.round((performance.now() - started) * 100) / 100;
  log(`{"method":${jsonString(event.requestContext.http.method)},"path":${jsonString(event.rawPath)},"status":${status},"outcome":"${outcome}","ms":${ms}}`);
}
function createHandler(config2, log, send = forward, services2) {
  return async function handler2(event, context) {
    const started = performance.now();
    let request = toRegistryRequest(event);
    if (services2?.checkCredentials !== void 0) {
      const credentialsValid = await services2.checkCredentials(request.headers.authorization).catch(() => void 0);
      if (credentialsValid === void 0) {
        const result2 = reply(ociError(503, "UNAVAILABLE", "the alias could not load its credentials"));
        logRequest(log, event, result2.statusCode, "reply", started);
        return result2;
      }
      request = { ...request, credentialsValid };
    }
    const outcome = decide(request, config2);
    let result;
    if (outcome.kind === "redirect" || outcome.kind === "challenge" || outcome.kind === "reply") result = answerLocally(outcome);
    else {
      const invocation = { event, config: config2, send, context, services: services2 };
      if (outcome.kind === "forward") result = await forwardResult(outcome, invocation);
      else if (outcome.kind === "pull") result = await pullResult(outcome, invocation);
      else result = await catalogResult(outcome, invocation);
    }
    logRequest(log, event, result.statusCode, outcome.kind, started);
    return result;
  };
}

// function/src/registry-token.ts
var TokenUnavailable = class extends Error {
  name = "TokenUnavailable";
};
var EXPIRY_SAFETY_MS = 6e4;
var FRESH_MS = 6e4;
function createTokenKeeper(issue, options = {}) {
  const now = options.now ?? Date.now;
  const marginMs = options.marginMs ?? 15 * 6e4;
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 5e3;
  const backoff = options.backoffMs ?? { first: 1e3, max: 6e4 };
  let current;
  let pending;
  let retryAt = 0;
  let failures = 0;
  let refusals = 0;
  const wait = (count) => Math.min(backoff.max, backoff.first * 2 ** Math.max(0, count - 1));
  const fetch = () => {
    const signal = AbortSignal.timeout(fetchTimeoutMs);
    const deadline = new Promise((_resolve, reject) => {
      signal.addEventListener("abort", () => reject(new TokenUnavailable(`no registry token within ${fetchTimeoutMs} ms`)), { once: true });
    });
    return Promise.race([issue(signal), deadline]).then((token) => {
      const authorization = `Basic ${Buffer.from(`${token.username}:${token.password}`).toString("base64")}`;
      const fetchedAt = now();
      const expiresAt = token.expiresAt.getTime();
      const lifetime = expiresAt - fetchedAt;
      current = { authorization, renewAt: fetchedAt + (lifetime > 2 * marginMs ? lifetime - marginMs : lifetime / 2), expiresAt, fetchedAt };
      failures = 0;
      retryAt = 0;
      return authorization;
    }).catch((error) => {
      failures++;
      retryAt = now() + wait(failures);
      throw error;
    }).finally(() => {
      pending = void 0;
    });
  };
  return {
    authorization() {
      const t = now();
      if (current !== void 0 && t < current.renewAt) return Promise.resolve(current.authorization);
      if (pending === void 0 && t >= retryAt) pending = fetch();
      const usable = current !== void 0 && t < current.expiresAt - EXPIRY_SAFETY_MS ? current.authorization : void 0;
      if (usable !== void 0) {
        pending?.catch(() => void 0);
        return Promise.resolve(usable);
      }
      return pending ?? Promise.reject(new TokenUnavailable("no registry token: the last fetch failed, trying again shortly"));
    },
    discard() {
      if (current === void 0) return;
      refusals = now() - current.fetchedAt < FRESH_MS ? refusals + 1 : 1;
      current = void 0;
      if (refusals > 1) retryAt = Math.max(retryAt, now() + wait(refusals - 1));
    }
  };
}
function ecrIssuer(region) {
  return async (signal) => {
    const { ECRClient, GetAuthorizationTokenCommand } = await import("./chunks/dist-es-PSPM5V56.js");
    const client = new ECRClient({ region, maxAttempts: 2, requestHandler: { connectionTimeout: 2e3, requestTimeout: 4e3 } });
    try {
      const output = await client.send(new GetAuthorizationTokenCommand({}), { abortSignal: signal });
      const data = output.authorizationData?.[0];
      if (!data?.authorizationToken || !data.expiresAt) throw new Error(`GetAuthorizationToken in ${region} returned no authorization data`);
      const decoded = Buffer.from(data.authorizationToken, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon <= 0) throw new Error("GetAuthorizationToken returned a token that is not base64 of user:password");
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), expiresAt: data.expiresAt };
    } finally {
      client.destroy();
    }
  };
}

// function/src/index.ts
var config = readConfig(process.env);
function basicAuth(source) {
  let check;
  return async (authorization) => {
    check ??= import("./chunks/basic-auth-WB5OJL3W.js").then((m) => m.createBasicAuth(m.credentialLoader(source)));
    return (await check)(authorization);
  };
}
var tokens = { fetched: 0, failed: 0 };
function counted(issue) {
  return async (signal) => {
    try {
      const token = await issue(signal);
      tokens.fetched++;
      return token;
    } catch (error) {
      tokens.failed++;
      throw error;
    }
  };
}
var services = config.public && {
  token: createTokenKeeper(counted(ecrIssuer(config.public.region))),
  ...config.public.basic ? { checkCredentials: basicAuth(config.public.basic) } : {}
};
var handler = createHandler(
  config,
  (line) => {
    process.stdout.write(`${line}
`);
  },
  forward,
  services
);
async function ready() {
  const deadline = Date.now() + 5e3;
  try {
    const headers = {};
    if (services) headers.authorization = await services.token.authorization();
    const response = await forward({ url: `https://${config.registry}/v2/`, method: "GET", headers, timeoutMs: Math.max(1, deadline - Date.now()) });
    const ok = services ? response.status === 200 : response.status === 200 || response.status === 401;
    return { ready: ok, detail: ok ? "registry answers" : `registry answered ${response.status}` };
  } catch (error) {
    return { ready: false, detail: error instanceof Error ? error.message.split("\n")[0] ?? "error" : "error" };
  }
}
function stats() {
  return { tokensFetched: tokens.fetched, tokenFetchesFailed: tokens.failed };
}
export {
  handler,
  ready,
  stats
};
