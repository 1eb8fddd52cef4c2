export { hostPath } from '../core/url-parts';

/** Local wall-clock time of a ms timestamp, `HH:MM:SS`. */
export function clockTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  419: 'Session Expired',
  440: 'Login Time-out',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}

const CARRIED_LABEL: Record<string, string> = {
  authorization: 'Authorization',
  'proxy-authorization': 'Proxy-Authorization',
  cookie: 'Cookie',
  'api-key': 'API key',
};

/** The credential kinds a request carried, for people: `Authorization, Cookie` ('' for none). */
export function carriedText(kinds: readonly string[]): string {
  return kinds.map((kind) => CARRIED_LABEL[kind] ?? kind).join(', ');
}
