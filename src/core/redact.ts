/** Keeps secrets out of printed text in every encoding an answer may echo them back in. */

const REDACTED = '[redacted]';

const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());

/** A secret as is, in base64 (padded, unpadded, URL-safe), JSON-escaped, and URL-encoded once and twice in either hex case. */
export function secretForms(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  const plain = [secret, base64, base64.replace(/=+$/, ''), Buffer.from(secret, 'utf8').toString('base64url'), JSON.stringify(secret).slice(1, -1)];
  const encoded = plain.flatMap((form) => {
    const once = encodeURIComponent(form);
    const twice = encodeURIComponent(once);
    const query = new URLSearchParams({ v: form }).toString().slice(2);
    return [once, lowerHex(once), twice, lowerHex(twice), query, lowerHex(query)];
  });
  return [...new Set([...plain, ...encoded])].filter((form) => form !== '');
}

/** Replaces every form of every secret with `[redacted]`, longest first, so no form survives in part. */
export function redact(text: string, secrets: readonly string[]): string {
  const forms = [...new Set(secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  return forms.reduce((out, form) => out.split(form).join(REDACTED), text);
}
