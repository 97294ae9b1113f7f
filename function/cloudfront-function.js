// src/core/location.ts
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

// function/src/streaming-door.ts
function locationOnAlias(location, registry) {
  const path = pathOnRegistry(location.trim(), registry);
  return path === void 0 ? location : path;
}
function linkOnAlias(link, registry) {
  return link.replace(/<([^<>]*)>/g, (whole, target) => {
    const path = pathOnRegistry(target, registry);
    return path === void 0 ? whole : `<${path}>`;
  });
}

// function/src/cloudfront-function.ts
var REGISTRY = "__ECR_REGISTRY__";
function rewrite(header, to) {
  if (header === void 0 || typeof header.value !== "string") return;
  header.value = to(header.value, REGISTRY);
  const values = header.multiValue;
  if (values === void 0) return;
  for (let i = 0; i < values.length; i++) {
    const entry = values[i];
    if (entry !== void 0 && typeof entry.value === "string") entry.value = to(entry.value, REGISTRY);
  }
}
function handler(event) {
  const response = event.response;
  try {
    rewrite(response.headers.location, locationOnAlias);
    rewrite(response.headers.link, linkOnAlias);
  } catch (e) {
  }
  return response;
}
