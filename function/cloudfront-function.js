// src/core/location.ts
var ABSOLUTE_HTTPS = /^https:\/\/([^/?#]*)(.*)$/i;
var SAFE_PATH = /^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/;
function pathOnRegistry(url, registry) {
  var _a, _b;
  const match = ABSOLUTE_HTTPS.exec(url);
  if (match === null) return void 0;
  const authority = ((_a = match[1]) != null ? _a : "").toLowerCase();
  const host = registry.toLowerCase();
  if (authority !== host && authority !== `${host}:443`) return void 0;
  const rest = (_b = match[2]) != null ? _b : "";
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
