// POSTs a channel's message. Webhook URLs are configuration a workspace author writes, so
// they are treated as untrusted: only http(s), only the hosts of `allowed_hosts` when it is
// given, redirects not followed (a 3xx is a failure: it could point inside the network), a
// time limit, and only the first 200 characters of an answer kept for the delivery log.

export class DeliveryError extends Error {}

export interface PostOptions {
  allowedHosts?: string[] | undefined;
  timeoutMs?: number;
}

export function checkUrl(raw: string, allowedHosts: string[] | undefined): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DeliveryError('the webhook URL is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DeliveryError(`refused: a webhook URL must be http or https, not ${url.protocol}`);
  if (allowedHosts && !allowedHosts.map((h) => h.toLowerCase()).includes(url.hostname.toLowerCase()))
    throw new DeliveryError(`refused: the host ${url.hostname} is not in notifications.allowed_hosts`);
  return url;
}

export async function postJson(rawUrl: string, body: string, headers: Record<string, string>, options: PostOptions = {}): Promise<void> {
  const url = checkUrl(rawUrl, options.allowedHosts);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Traction-Notifications', ...headers }, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new DeliveryError(`cannot reach ${url.host}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  if (res.status < 200 || res.status >= 300) throw new DeliveryError(`${url.host} answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
}
