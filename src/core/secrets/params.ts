/**
 * The one reader of `name=value&...` text: query strings, the fragment of an implicit-flow
 * redirect (`#access_token=...`), and form bodies (application/x-www-form-urlencoded). Names
 * and values are decoded the way forms are (`+` is a space, then percent-decoding; text that
 * does not decode stays as it is), and each value's place in the text is kept so that it can
 * be masked without re-encoding anything else.
 */

export interface ParamSpan {
  /** Decoded name. */
  name: string;
  /** Decoded value ('' when there is no `=`). */
  value: string;
  /** The raw value as written, and where it is in the text. */
  raw: string;
  start: number;
  end: number;
  hasValue: boolean;
}

/** Decodes a form / query component: `+` is a space; undecodable text stays as written. */
export function decodeComponent(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * The parameters of `name=value&...` text between `from` and `to`, in order. With `wanted`,
 * only the parameters whose decoded name it accepts (values are decoded only for those: the
 * capture reads every request's query, and most parameters are not secrets).
 */
export function paramsOf(
  text: string,
  from = 0,
  to = text.length,
  wanted?: (name: string) => boolean,
): ParamSpan[] {
  const params: ParamSpan[] = [];
  let start = from;
  while (start <= to) {
    let amp = text.indexOf('&', start);
    if (amp < 0 || amp > to) amp = to;
    if (amp > start) {
      const eq = text.indexOf('=', start);
      const hasValue = eq >= 0 && eq < amp;
      const name = decodeComponent(text.slice(start, hasValue ? eq : amp));
      if (wanted === undefined || wanted(name)) {
        const valueStart = hasValue ? eq + 1 : amp;
        const raw = text.slice(valueStart, amp);
        params.push({
          name,
          value: decodeComponent(raw),
          raw,
          start: valueStart,
          end: amp,
          hasValue,
        });
      }
    }
    start = amp + 1;
  }
  return params;
}

/**
 * The parameters of a URL: its query and, when the fragment holds `name=value` pairs (OAuth's
 * implicit flow returns `#access_token=...&id_token=...`), its fragment too, unless
 * `withFragment` is false (what a request sends: browsers never send the fragment). `wanted`
 * as for `paramsOf`.
 */
export function urlParamsOf(
  url: string,
  withFragment = true,
  wanted?: (name: string) => boolean,
): ParamSpan[] {
  const q = url.indexOf('?');
  const hash = url.indexOf('#');
  const params: ParamSpan[] = [];
  if (q >= 0 && (hash < 0 || q < hash))
    params.push(...paramsOf(url, q + 1, hash < 0 ? url.length : hash, wanted));
  if (withFragment && hash >= 0 && url.indexOf('=', hash) > 0)
    params.push(...paramsOf(url, hash + 1, url.length, wanted));
  return params;
}

/**
 * `text` with the raw value of every parameter that `mask` answers for replaced by that
 * answer (undefined leaves it as it is). Everything else is kept byte for byte.
 */
export function replaceParams(
  text: string,
  params: readonly ParamSpan[],
  mask: (param: ParamSpan) => string | undefined,
): string {
  let out = '';
  let copied = 0;
  for (const param of params) {
    const next = mask(param);
    if (next === undefined || next === param.raw) continue;
    out += text.slice(copied, param.start) + next;
    copied = param.end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
