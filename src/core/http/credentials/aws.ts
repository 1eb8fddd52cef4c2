/** AWS Signature Version 4 (`AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`). */
import type { ProblemSink } from '../grammar';
import type { AwsCredentials, Credentials } from '../types';

/** `Credential=AKID/20240101/us-east-1/s3/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function awsV4(credentials: Credentials, base: number, sink: ProblemSink): void {
  const p = credentials.params;
  for (const name of ['credential', 'signedheaders', 'signature']) {
    if (p[name] === undefined) {
      sink.add('missing-param', `The AWS SigV4 header has no "${name}".`, base);
    }
  }
  const scope = splitOn(p.credential ?? '', '/');
  if (p.credential !== undefined && (scope.length !== 5 || scope[4] !== 'aws4_request')) {
    sink.add(
      'aws-malformed-credential',
      'Credential is not "<access key id>/<yyyymmdd>/<region>/<service>/aws4_request".',
      base,
    );
  }
  const aws: AwsCredentials = {
    accessKeyId: scope[0] ?? '',
    date: scope[1] ?? '',
    region: scope[2] ?? '',
    service: scope[3] ?? '',
    signedHeaders:
      p.signedheaders === undefined || p.signedheaders === ''
        ? []
        : splitOn(p.signedheaders.toLowerCase(), ';'),
    signature: p.signature ?? '',
  };
  credentials.aws = aws;
}

/** `s.split(separator)` for a one-character separator, without the generic machinery (2x). */
function splitOn(s: string, separator: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const i = s.indexOf(separator, from);
    if (i === -1) {
      out.push(s.slice(from));
      return out;
    }
    out.push(s.slice(from, i));
    from = i + 1;
  }
}
