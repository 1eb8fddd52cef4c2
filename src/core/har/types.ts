/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) as browsers and Playwright write
 * it, loosely: every field that real files omit is optional, and the importer checks each
 * value's type before using it (HAR files are user input).
 */

export interface HarNameValue {
  name: string;
  value: string;
  [extra: string]: unknown;
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion?: string;
  headers: HarNameValue[];
  cookies?: HarNameValue[];
  queryString?: HarNameValue[];
  postData?: { mimeType?: string; text?: string; params?: HarNameValue[] };
  headersSize?: number;
  bodySize?: number;
  [extra: string]: unknown;
}

export interface HarResponse {
  status: number;
  statusText?: string;
  httpVersion?: string;
  headers: HarNameValue[];
  cookies?: HarNameValue[];
  content?: {
    size?: number;
    mimeType?: string;
    text?: string;
    encoding?: string;
    [extra: string]: unknown;
  };
  redirectURL?: string;
  headersSize?: number;
  bodySize?: number;
  /** Chrome: `net::ERR_FAILED` and the like when there was no response. */
  _error?: string | null;
  [extra: string]: unknown;
}

export interface HarEntry {
  startedDateTime: string;
  time?: number;
  request: HarRequest;
  response: HarResponse;
  timings?: Record<string, number>;
  pageref?: string;
  /** Chrome / Playwright extension fields. */
  _resourceType?: string;
  _initiator?: { type?: string; url?: string; [extra: string]: unknown };
  [extra: string]: unknown;
}

export interface HarLog {
  version?: string;
  creator?: { name?: string; version?: string };
  browser?: { name?: string; version?: string };
  pages?: unknown[];
  entries: HarEntry[];
  [extra: string]: unknown;
}

export interface Har {
  log: HarLog;
}
