// function/src/config.ts
var ConfigError = class extends Error {
  name = "ConfigError";
};
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
function readConfig(env) {
  return { registry: parseRegistry(env.ECR_REGISTRY) };
}

// function/src/location.ts
var PATH_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
var PATH_UNSAFE_ALL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]+/g;
var QUERY_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/;
var QUERY_UNSAFE_ALL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]+/g;
function percentEncode(text) {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
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
function registryUrl(registry, path, query) {
  const base = `https://${registry}${encodePath(path)}`;
  return query === "" ? base : `${base}?${encodeQuery(query)}`;
}

// function/src/outcome.ts
function ociError(status, code, message, headers = {}) {
  return {
    kind: "reply",
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ errors: [{ code, message }] })
  };
}

// function/src/decide.ts
function isRegistryPath(path) {
  return path === "/v2" || path.startsWith("/v2/");
}
function isPing(request) {
  return (request.path === "/v2/" || request.path === "/v2") && (request.method === "GET" || request.method === "HEAD");
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
  if (!isRegistryPath(request.path)) {
    return ociError(404, "UNSUPPORTED", "not a registry API path: the registry API is served under /v2/");
  }
  const url = registryUrl(config2.registry, request.path, request.query);
  if (request.headers.authorization !== void 0) {
    return { kind: "forward", url, headers: forwardedHeaders(request.headers) };
  }
  if (isPing(request) || authenticatesPerHop(request.headers["user-agent"])) {
    return { kind: "redirect", location: url };
  }
  return { kind: "challenge", realm: `https://${request.alias.replace(/[^A-Za-z0-9.:[\]-]/g, "")}/` };
}

// function/src/forward.ts
var UpstreamError = class extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
  status;
};
var HOP_BY_HOP = /* @__PURE__ */ new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "trailer", "te", "proxy-authenticate", "content-encoding"]);
async function forward(request, fetchImpl = fetch) {
  let response;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      redirect: "manual",
      signal: AbortSignal.timeout(request.timeoutMs),
      ...request.body !== void 0 && request.body.length > 0 ? { body: new Uint8Array(request.body) } : {}
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new UpstreamError(timedOut ? 504 : 502, timedOut ? "the registry did not answer in time" : "the registry could not be reached");
  }
  const headers = {};
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) headers[name] = value;
  });
  let body;
  try {
    body = Buffer.from(await response.arrayBuffer());
  } catch {
    throw new UpstreamError(502, "the registry closed the connection mid-answer");
  }
  return { status: response.status, headers, body };
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

// function/src/handler.ts
function toRegistryRequest(event) {
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: event.rawQueryString,
    headers: event.headers ?? {},
    alias: event.requestContext.domainName
  };
}
function reply(outcome) {
  return { statusCode: outcome.status, headers: { ...outcome.headers }, body: outcome.body };
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
async function forwardResult(url, headers, event, send, context) {
  const method = event.requestContext.http.method;
  let upstream;
  try {
    const body = eventBody(event);
    upstream = await send({ url, method, headers, timeoutMs: forwardTimeout(context), ...body ? { body } : {} });
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return reply(ociError(error.status, "UNSUPPORTED", error.message));
  }
  if (upstream.body.length > LIMITS_FOR_LAMBDA.responseBodyBytes) {
    return reply(ociError(502, "SIZE_INVALID", "the registry answer is larger than the alias can return; blobs must come by redirect"));
  }
  if (method !== "HEAD") delete upstream.headers["content-length"];
  const result = { statusCode: upstream.status, headers: upstream.headers };
  if (upstream.body.length > 0) {
    result.body = upstream.body.toString("base64");
    result.isBase64Encoded = true;
  }
  return result;
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
function createHandler(config2, log, send = forward) {
  return async function handler2(event, context) {
    const started = performance.now();
    const outcome = decide(toRegistryRequest(event), config2);
    const result = outcome.kind === "forward" ? await forwardResult(outcome.url, outcome.headers, event, send, context) : answerLocally(outcome);
    const ms = Math.round((performance.now() - started) * 100) / 100;
    log(
      `{"method":${jsonString(event.requestContext.http.method)},"path":${jsonString(event.rawPath)},"status":${result.statusCode},"outcome":"${outcome.kind}","ms":${ms}}`
    );
    return result;
  };
}

// function/src/index.ts
var config = readConfig(process.env);
var handler = createHandler(config, (line) => {
  process.stdout.write(`${line}
`);
});
export {
  handler
};
