/**
 * The streaming door's CloudFront Function (viewer-response, runtime cloudfront-js-2.0), built
 * into function/cloudfront-function.js. It only translates CloudFront's event; the rules are in
 * streaming-door.ts. Terraform (and serve) put the registry host in place of the placeholder.
 */
import { linkOnAlias, locationOnAlias } from './streaming-door.ts';

const REGISTRY = '__ECR_REGISTRY__';

interface CloudFrontHeader {
  value: string;
  multiValue?: { value: string }[];
}

export interface ViewerResponseEvent {
  response: { statusCode: number; headers: Record<string, CloudFrontHeader | undefined> };
}

function rewrite(header: CloudFrontHeader | undefined, to: (value: string, registry: string) => string): void {
  if (header === undefined || typeof header.value !== 'string') return;
  header.value = to(header.value, REGISTRY);
  const values = header.multiValue;
  if (values === undefined) return;
  for (let i = 0; i < values.length; i++) {
    const entry = values[i];
    if (entry !== undefined && typeof entry.value === 'string') entry.value = to(entry.value, REGISTRY);
  }
}

export function handler(event: ViewerResponseEvent): ViewerResponseEvent['response'] {
  const response = event.response;
  try {
    rewrite(response.headers.location, locationOnAlias);
    rewrite(response.headers.link, linkOnAlias);
  } catch {
    // An answer is never failed for a header this function could not read: it goes out as the registry sent it.
  }
  return response;
}
