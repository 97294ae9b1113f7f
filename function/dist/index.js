import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/errors.ts
var ConfigError = class extends Error {
  name = "ConfigError";
};

// src/core/registry-host.ts
var HOST_PORT = /^(?=.{1,253}(?::\d{1,5})?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::(\d{1,5}))?$/;
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
var REGION = "[a-z]{2}(?:-[a-z]+)+-\\d+";
var REGION_NAME = new RegExp(`^${REGION}$`);
var ECR_HOST = new RegExp(`^\\d{12}\\.dkr\\.ecr(?:-fips)?\\.(${REGION})\\.(?:amazonaws\\.com(?:\\.cn)?|c2s\\.ic\\.gov|sc2s\\.sgov\\.gov)$`);
function ecrRegion(host) {
  return ECR_HOST.exec(host)?.[1];
}

// src/core/registry-path.ts
var COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
var NAME = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
var TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
var DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
function isRepositoryName(name) {
  return name.length <= 256 && NAME.test(name);
}
function isBasePath(path) {
  return path === "/v2/" || path === "/v2";
}
function parseRegistryPath(path) {
  if (isBasePath(path)) return { kind: "base" };
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

// src/core/config.ts
function oneOf(name, value, allowed, fallback) {
  if (value === void 0 || value === "") return fallback;
  if (allowed.includes(value)) return value;
  throw new ConfigError(`${name} must be one of ${allowed.join(", ")}; got ${JSON.stringify(value.slice(0, 50))}`);
}
function publicRepositories(list, setting) {
  const repositories = list.split(",").map((r) => r.trim()).filter((r) => r !== "");
  const bad = repositories.find((r) => !isRepositoryPattern(r));
  if (bad !== void 0) {
    throw new ConfigError(`${setting} has ${JSON.stringify(bad.slice(0, 100))}: use lower-case repository names, with * for one path segment or ** for any number`);
  }
  return repositories;
}
function readPublic(env, registry) {
  const repositories = publicRepositories(env.PUBLIC_REPOSITORIES ?? "", "PUBLIC_REPOSITORIES");
  if (repositories.length === 0) {
    throw new ConfigError("PUBLIC_REPOSITORIES is empty: public access needs the repositories to serve, e.g. PUBLIC_REPOSITORIES=app,team/*");
  }
  const auth = oneOf("PUBLIC_AUTH", env.PUBLIC_AUTH, ["none", "basic", "custom"], "none");
  let basic;
  if (auth === "basic") {
    const sources = [];
    if (env.BASIC_AUTH_SSM_PARAMETER) sources.push({ kind: "ssm", name: env.BASIC_AUTH_SSM_PARAMETER });
    if (env.BASIC_AUTH_SECRET_ID) sources.push({ kind: "secret", id: env.BASIC_AUTH_SECRET_ID });
    if (env.BASIC_AUTH_FILE) sources.push({ kind: "file", path: env.BASIC_AUTH_FILE });
    if (sources.length !== 1) {
      throw new ConfigError("PUBLIC_AUTH=basic needs exactly one of BASIC_AUTH_SSM_PARAMETER, BASIC_AUTH_SECRET_ID or BASIC_AUTH_FILE");
    }
    basic = sources[0];
  }
  return publicConfig(registry, repositories, auth, basic, env);
}
function publicConfig(registry, repositories, auth, basic, env) {
  const region = ecrRegion(registry) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region === void 0 || region === "") {
    throw new ConfigError("public access needs a region for the registry token: use an ECR registry host, or set AWS_REGION");
  }
  return { repositories, allows: repositoryMatcher(repositories), auth, region, ...basic ? { basic } : {} };
}
function readConfig(env) {
  const registry = parseRegistry(env.ECR_REGISTRY);
  const access = oneOf("ACCESS", env.ACCESS, ["private", "public"], "private");
  return access === "public" ? { registry, public: readPublic(env, registry) } : { registry };
}

// src/core/http.ts
var HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"];
function notPassedOn(...more) {
  return new Set(HOP_BY_HOP.concat(more));
}
function httpsUrl(host, pathAndQuery) {
  return `https://${host}${pathAndQuery}`;
}

// src/core/location.ts
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
  const base = httpsUrl(registry, encodePath(path));
  return query === "" ? base : `${base}?${encodeQuery(query)}`;
}
var AUTHORITY_END = /[/?#]/;
var LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
var SAFE_PATH = /^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/;
function pathOnRegistry(url, registry) {
  if (url.slice(0, 8).toLowerCase() !== "https://") return void 0;
  const afterScheme = url.slice(8);
  const end = afterScheme.search(AUTHORITY_END);
  if (end === -1) return void 0;
  const authority = afterScheme.slice(0, end).toLowerCase();
  const host = registry.toLowerCase();
  if (authority !== host && authority !== `${host}:443`) return void 0;
  const rest = afterScheme.slice(end);
  if (LINE_TERMINATOR.test(rest)) return void 0;
  const hash = rest.indexOf("#");
  const path = hash === -1 ? rest : rest.slice(0, hash);
  return SAFE_PATH.test(path) ? path : void 0;
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
var NOT_ANSWERED = notPassedOn("proxy-authenticate");
var transport;
function https() {
  transport ??= import("node:https").then((m) => ({
    // As many sockets as forwards may be under way: no forward ever waits in the agent's queue behind a stalled one.
    agents: { forward: new m.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT, timeout: 3e4 }), probe: new m.Agent({ keepAlive: true, maxSockets: 1, timeout: 3e4 }) },
    request: m.request
  }));
  return transport;
}
async function attempt(request, signal, use = "forward") {
  const { agents, request: httpsRequest } = await https();
  const agent = agents[use];
  return new Promise((resolve, reject) => {
    signal.addEventListener("abort", () => reject(new Error("the deadline passed")), { once: true });
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
    answer = await attempt(request, signal);
  } catch (error) {
    const idempotent = request.method === "GET" || request.method === "HEAD";
    if (idempotent && error.reused === true && !signal.aborted) {
      try {
        answer = await attempt(request, signal);
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
    if (value === void 0 || NOT_ANSWERED.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { status: answer.response.statusCode ?? 502, headers, body: answer.body };
}
async function probe(request) {
  const signal = AbortSignal.timeout(request.timeoutMs);
  try {
    return (await attempt(request, signal, "probe")).response.statusCode ?? 502;
  } catch {
    throw upstreamError(signal);
  }
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

// src/core/oci.ts
function ociError(status, code, message, headers = {}) {
  return {
    kind: "reply",
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ errors: [{ code, message }] })
  };
}
var NAME_UNKNOWN = ociError(404, "NAME_UNKNOWN", "repository name not known to registry");
function challengeReply(realm) {
  return ociError(401, "UNAUTHORIZED", "authentication required", { "www-authenticate": `Basic realm="${realm}"`, "docker-distribution-api-version": "registry/2.0" });
}

// function/src/answer.ts
function isReply(answer) {
  return "kind" in answer;
}
function locationOnRegistry(location, registry) {
  return location.startsWith("/") && !location.startsWith("//") ? httpsUrl(registry, location) : location;
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
var TOO_LARGE = ociError(502, "SIZE_INVALID", "the registry answer is larger than the alias can return; blobs must come by redirect");
function forwardedAnswer(upstream, { registry, alias, head }) {
  const { location, link, ...headers } = upstream.headers;
  if (location !== void 0) headers.location = locationOnRegistry(location, registry);
  const linkOnAlias = link === void 0 ? void 0 : rewriteLink(link, registry, alias);
  if (linkOnAlias !== void 0) headers.link = linkOnAlias;
  let answer = { status: upstream.status, headers, body: upstream.body };
  if (head !== void 0) {
    const shaped = headAnswer(answer, head);
    if (isReply(shaped)) return shaped;
    answer = shaped;
  }
  if (answer.body.length > LIMITS_FOR_LAMBDA.responseBodyBytes) return TOO_LARGE;
  const { "content-length": _length, ...kept } = answer.headers;
  return { status: answer.status, headers: kept, body: answer.body };
}
function upstreamFailure(error) {
  return ociError(error.status, "UNAVAILABLE", error.message, { ...error.headers });
}

// function/src/decide.ts
function isRegistryPath(path) {
  return path === "/v2" || path.startsWith("/v2/");
}
var NOT_REGISTRY_PATH = ociError(404, "UNSUPPORTED", "not a registry API path: the registry API is served under /v2/");
var PASSWORD_UNAVAILABLE = { kind: "unavailable", reply: ociError(503, "UNAVAILABLE", "the alias could not load its credentials") };
var DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;
function hasDotSegment(path) {
  return DOT_SEGMENT.test(path);
}
function isPing(request) {
  return isBasePath(request.path) && (request.method === "GET" || request.method === "HEAD");
}
function usesContainerdStore(userAgent) {
  return userAgent?.includes(" containerd-client/") === true;
}
function authenticatesPerHop(userAgent) {
  return userAgent?.startsWith("docker/") === true;
}
var NOT_FORWARDED = notPassedOn(
  "host",
  "proxy-authenticate",
  "proxy-authorization",
  "content-length",
  // The alias hands bodies back byte for byte, so it asks for them uncompressed.
  "accept-encoding",
  "expect",
  "forwarded",
  "via"
);
function forwardedHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === void 0 || NOT_FORWARDED.has(name) || name.startsWith("x-forwarded-") || name.startsWith("x-amzn-")) continue;
    out[name] = value;
  }
  return out;
}
function decide(request, config) {
  if (request.credentials === "unavailable") return PASSWORD_UNAVAILABLE;
  if (!isRegistryPath(request.path)) return NOT_REGISTRY_PATH;
  if (config.public !== void 0) return decidePublic(request, config.registry, config.public);
  if (hasDotSegment(request.path)) return NOT_REGISTRY_PATH;
  const url = registryUrl(config.registry, request.path, request.query);
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
  return { kind: "challenge", realm: httpsUrl(aliasHost(request.alias), "/") };
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
function decidePublic(request, registry, config) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return ociError(405, "UNSUPPORTED", "this registry is read-only: only GET and HEAD are served", { allow: "GET, HEAD" });
  }
  if (config.auth === "basic" && request.credentials !== "valid") return challenge(request);
  const parsed = parseRegistryPath(request.path);
  if (parsed.kind === "base") {
    if (config.auth === "custom" && request.headers.authorization === void 0) return challenge(request);
    return { kind: "reply", status: 200, headers: { "content-type": "application/json", "docker-distribution-api-version": "registry/2.0" }, body: "{}" };
  }
  if (parsed.kind === "catalog") {
    const params = new URLSearchParams(request.query);
    const n = Number(params.get("n") ?? Number.NaN);
    return { kind: "catalog", n: Number.isInteger(n) && n > 0 ? Math.min(n, 1e3) : void 0, last: params.get("last") ?? void 0 };
  }
  if (parsed.kind === "invalid" || parsed.kind === "upload" || !config.allows(parsed.name)) return NAME_UNKNOWN;
  const headers = {};
  for (const name of PULL_HEADERS) {
    const value = request.headers[name];
    if (value !== void 0) headers[name] = value;
  }
  const url = registryUrl(registry, registryPathOf(parsed), pullQuery(parsed.kind, request.query));
  return { kind: "pull", url, headers, ...upstreamMethod(request.method, () => parsed.kind) };
}

// function/src/public-answer.ts
function pullAnswer(upstream, context) {
  if (upstream.status === 404 && upstream.body.includes("NAME_UNKNOWN") || upstream.status === 403) return NAME_UNKNOWN;
  const { "www-authenticate": _challenge, ...headers } = upstream.headers;
  return forwardedAnswer({ status: upstream.status, headers, body: upstream.body }, context);
}
var NO_TOKEN = ociError(503, "UNAVAILABLE", "the alias could not get a registry token");
var TOKEN_REFUSED = ociError(502, "UNAVAILABLE", "the registry refused the alias’s token");
function tokenVerdict(status, attempt2) {
  if (status !== 401) return "answered";
  return attempt2 === 0 ? "renew" : TOKEN_REFUSED;
}
var UPSTREAM_PAGE = 1e3;
var MAX_UPSTREAM_PAGES = 20;
function startCatalog(request) {
  return { request: { n: request.n, last: request.last }, found: [], cursor: request.last, more: true, pages: 0 };
}
function nextCatalogPage(paging, registry) {
  const { n } = paging.request;
  if (!paging.more || paging.pages >= MAX_UPSTREAM_PAGES || n !== void 0 && paging.found.length > n) return void 0;
  const query = new URLSearchParams({ n: String(UPSTREAM_PAGE) });
  if (paging.cursor !== void 0) query.set("last", paging.cursor);
  return { url: registryUrl(registry, "/v2/_catalog", query.toString()), method: "GET", headers: { accept: "application/json" } };
}
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
var NOT_CATALOG = ociError(502, "UNAVAILABLE", "the registry’s catalog answer is not the JSON the alias can read");
function readCatalogPage(paging, upstream, allows) {
  if (upstream.status !== 200) {
    return { kind: "reply", status: upstream.status >= 500 ? 502 : upstream.status, headers: { "content-type": "application/json" }, body: upstream.body.toString("utf8") };
  }
  const names = catalogNames(upstream.body);
  if (names === void 0) return NOT_CATALOG;
  return {
    request: paging.request,
    found: [...paging.found, ...names.filter((name) => allows(name))],
    cursor: names.at(-1),
    more: names.length > 0 && /rel="?next"?/.test(upstream.headers.link ?? ""),
    pages: paging.pages + 1
  };
}
function catalogReply({ request, found, more }, alias) {
  const repositories = request.n === void 0 ? found : found.slice(0, request.n);
  const hasNext = request.n !== void 0 && (found.length > request.n || more && repositories.length > 0);
  const headers = { "content-type": "application/json" };
  const lastShown = repositories.at(-1);
  if (hasNext && lastShown !== void 0) {
    headers.link = `<https://${alias}/v2/_catalog?${new URLSearchParams({ last: lastShown, n: String(request.n) })}>; rel="next"`;
  }
  return { kind: "reply", status: 200, headers, body: JSON.stringify({ repositories }) };
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
function checkCredentials(check, authorization) {
  return check(authorization).then(
    (valid) => valid ? "valid" : "invalid",
    () => "unavailable"
  );
}
function replyResult(reply) {
  return { statusCode: reply.status, headers: { ...reply.headers }, body: reply.body };
}
function answerResult(answer) {
  if (isReply(answer)) return replyResult(answer);
  const result = { statusCode: answer.status, headers: answer.headers };
  if (answer.body.length > 0) {
    result.body = answer.body.toString("base64");
    result.isBase64Encoded = true;
  }
  return result;
}
function eventBody(event) {
  if (event.body === void 0 || event.body === "") return void 0;
  return Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8");
}
function forwardTimeout(context) {
  const limit = LIMITS_FOR_LAMBDA.upstreamTimeoutMs;
  if (context === void 0) return limit;
  return Math.max(1, Math.min(limit, context.getRemainingTimeInMillis() - LIMITS_FOR_LAMBDA.replyMarginMs));
}
async function runForward(outcome, { event, alias, config, forwarder, context }) {
  const body = eventBody(event);
  const upstream = await forwarder({ url: outcome.url, method: outcome.method, headers: outcome.headers, timeoutMs: forwardTimeout(context), ...body ? { body } : {} });
  return forwardedAnswer(upstream, { registry: config.registry, alias, head: outcome.head });
}
async function forwardWithToken(request, { forwarder, context, services }) {
  if (services === void 0) throw new Error("public access without its services");
  const timeoutMs = forwardTimeout(context);
  for (let attempt2 = 0; ; attempt2++) {
    let authorization;
    try {
      authorization = await services.token.authorization();
    } catch {
      return NO_TOKEN;
    }
    const upstream = await forwarder({ url: request.url, method: request.method, headers: { ...request.headers, authorization }, timeoutMs });
    const verdict = tokenVerdict(upstream.status, attempt2);
    if (verdict === "answered") return upstream;
    services.token.discard();
    if (verdict !== "renew") return verdict;
  }
}
async function runPull(outcome, invocation) {
  const upstream = await forwardWithToken(outcome, invocation);
  if (isReply(upstream)) return upstream;
  return pullAnswer(upstream, { registry: invocation.config.registry, alias: invocation.alias, head: outcome.head });
}
async function runCatalog(outcome, invocation) {
  const { registry, public: publicConfig2 } = invocation.config;
  if (publicConfig2 === void 0) throw new Error("catalog outside public access");
  let paging = startCatalog(outcome);
  for (let page = nextCatalogPage(paging, registry); page !== void 0; page = nextCatalogPage(paging, registry)) {
    const upstream = await forwardWithToken(page, invocation);
    if (isReply(upstream)) return upstream;
    const read = readCatalogPage(paging, upstream, publicConfig2.allows);
    if (isReply(read)) return read;
    paging = read;
  }
  return catalogReply(paging, invocation.alias);
}
async function askRegistry(outcome, invocation) {
  try {
    if (outcome.kind === "forward") return answerResult(await runForward(outcome, invocation));
    if (outcome.kind === "pull") return answerResult(await runPull(outcome, invocation));
    return answerResult(await runCatalog(outcome, invocation));
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return replyResult(upstreamFailure(error));
  }
}
function answerLocally(outcome) {
  switch (outcome.kind) {
    case "redirect":
      return { statusCode: 307, headers: { location: outcome.location }, body: "" };
    case "challenge":
      return replyResult(challengeReply(outcome.realm));
    case "reply":
      return replyResult(outcome);
    case "unavailable":
      return replyResult(outcome.reply);
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
function createHandler(config, log, forwarder = forward, services) {
  return async function handler2(event, context) {
    const started = performance.now();
    let request = toRegistryRequest(event);
    if (services?.checkCredentials !== void 0) {
      request = { ...request, credentials: await checkCredentials(services.checkCredentials, request.headers.authorization) };
    }
    const outcome = decide(request, config);
    const result = outcome.kind === "forward" || outcome.kind === "pull" || outcome.kind === "catalog" ? await askRegistry(outcome, { event, alias: request.alias, config, forwarder, context, services }) : answerLocally(outcome);
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
  return async (signal) => (await import("./chunks/aws-calls-5UDFM6VY.js")).registryToken(region, signal);
}

// function/src/alias.ts
function basicAuth(source) {
  let check;
  return async (authorization) => {
    check ??= import("./chunks/basic-auth-BRCBFXDL.js").then((m) => m.createBasicAuth(m.credentialLoader(source)));
    return (await check)(authorization);
  };
}
function createAlias(config, deps = {}) {
  const tokens = { fetched: 0, failed: 0 };
  const counted = (issue) => async (signal) => {
    try {
      const token = await issue(signal);
      tokens.fetched++;
      return token;
    } catch (error) {
      tokens.failed++;
      throw error;
    }
  };
  const services = config.public && {
    token: createTokenKeeper(counted((deps.issuer ?? ecrIssuer)(config.public.region))),
    ...config.public.basic ? { checkCredentials: basicAuth(config.public.basic) } : {}
  };
  const log = deps.log ?? ((line) => void process.stdout.write(`${line}
`));
  const ask = deps.probe ?? probe;
  const handler2 = createHandler(config, log, deps.forward ?? forward, services);
  const ready2 = async () => {
    const deadline = Date.now() + 5e3;
    try {
      const headers = {};
      if (services) headers.authorization = await services.token.authorization();
      const status = await ask({ url: registryUrl(config.registry, "/v2/", ""), method: "GET", headers, timeoutMs: Math.max(1, deadline - Date.now()) });
      const ok = services ? status === 200 : status === 200 || status === 401;
      return { ready: ok, detail: ok ? "registry answers" : `registry answered ${status}` };
    } catch (error) {
      return { ready: false, detail: error instanceof Error ? error.message.split("\n")[0] ?? "error" : "error" };
    }
  };
  const stats2 = () => ({ tokensFetched: tokens.fetched, tokenFetchesFailed: tokens.failed });
  return { handler: handler2, ready: ready2, stats: stats2 };
}

// function/src/index.ts
var { handler, ready, stats } = createAlias(readConfig(process.env));
export {
  handler,
  ready,
  stats
};
