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
function ociError(status, code, message) {
  return {
    kind: "reply",
    status,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ errors: [{ code, message }] })
  };
}

// function/src/decide.ts
function isRegistryPath(path) {
  return path === "/v2" || path.startsWith("/v2/");
}
function decide(request, config2) {
  if (!isRegistryPath(request.path)) {
    return ociError(404, "UNSUPPORTED", "not a registry API path: the registry API is served under /v2/");
  }
  return { kind: "redirect", location: registryUrl(config2.registry, request.path, request.query) };
}

// function/src/handler.ts
function toRegistryRequest(event) {
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: event.rawQueryString,
    headers: event.headers ?? {}
  };
}
function toResult(outcome) {
  if (outcome.kind === "redirect") {
    return { statusCode: 307, headers: { location: outcome.location }, body: "" };
  }
  return { statusCode: outcome.status, headers: { ...outcome.headers }, body: outcome.body };
}
function createHandler(config2, log) {
  return async function handler2(event) {
    const started = performance.now();
    const result = toResult(decide(toRegistryRequest(event), config2));
    const ms = Math.round((performance.now() - started) * 100) / 100;
    log(`{"method":${JSON.stringify(event.requestContext.http.method)},"path":${JSON.stringify(event.rawPath)},"status":${result.statusCode},"ms":${ms}}`);
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
