/** Server URLs and image references reduced to the `host[:port]` that config keys and caches use. */

/**
 * `https://ECR.example.com:443/v2/` → `ecr.example.com`. Clients send the host in many forms
 * (docker: bare host; nerdctl: `host:443`, `https://host`; old docker: a URL with a path).
 */
export function hostOf(serverUrl: string): string {
  let rest = serverUrl.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  rest = rest.replace(/[/?#].*$/s, '').replace(/^[^@]*@/, '').toLowerCase();
  const isHttp = scheme?.[1]?.toLowerCase() === 'http';
  return rest.replace(isHttp ? /:80$/ : /:443$/, '');
}

/** The registry host of an image reference, as the kubelet and docker resolve it. */
export function imageHost(image: string): string {
  const first = image.trim().split('/')[0] ?? '';
  if (!image.includes('/') || !/[.:]|^localhost$/.test(first)) return 'docker.io';
  return hostOf(first);
}
