// findPlatforms as it was written before its checks of the body and challenges were read once
// per text (src/core/platforms.ts): one test per fact, in order, straight from the exchange.
// The tests compare the two on fixtures and on generated responses.
import type { Exchange, Header } from '../../../src/core/exchange';
import type { PlatformFinding, PlatformHints, PlatformId } from '../../../src/core/platforms';

type Scores = Map<PlatformId, string[]>;

function add(scores: Scores, id: PlatformId, fact: string): void {
  const facts = scores.get(id);
  if (facts) {
    if (!facts.includes(fact)) facts.push(fact);
  } else scores.set(id, [fact]);
}

const first = (headers: readonly Header[], name: string) =>
  headers.find((h) => h.name.toLowerCase() === name)?.value;
const all = (headers: readonly Header[], name: string) =>
  headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);

export function referencePlatforms(
  exchange: Exchange,
  hints: PlatformHints = {},
): PlatformFinding[] {
  const scores: Scores = new Map();
  const response = exchange.response.headers;
  const server = (first(response, 'server') ?? '').toLowerCase();
  const poweredBy = (first(response, 'x-powered-by') ?? '').toLowerCase();
  const challenges = all(response, 'www-authenticate').join(', ');
  const body = (exchange.response.body ?? '').slice(0, 65536);
  const has = (name: string) => first(response, name) !== undefined;
  const bodyAndChallenges = body + challenges;

  if (server.startsWith('nginx') || server.startsWith('openresty'))
    add(scores, 'nginx', `Server: ${server}`);
  if (/<center>nginx(\/[\d.]+)?<\/center>/.test(body)) add(scores, 'nginx', 'nginx error page');
  if (server.startsWith('apache')) add(scores, 'apache', `Server: ${server}`);
  if (/This server could not verify that you\s+are authorized/.test(body))
    add(scores, 'apache', 'Apache "could not verify" error page');
  if (server === 'cloudflare' || has('cf-ray'))
    add(scores, 'cloudflare', server === 'cloudflare' ? 'Server: cloudflare' : 'cf-ray header');
  if (
    /cloudflareaccess\.com|cf-access|CF_Authorization/i.test(bodyAndChallenges) ||
    has('cf-access-domain')
  )
    add(scores, 'cloudflare', 'Cloudflare Access');
  if (/"code"\s*:\s*(10000|9106|9109)\b/.test(body) && /"success"\s*:\s*false/.test(body))
    add(scores, 'cloudflare', 'Cloudflare API error code');
  if (poweredBy.includes('express')) add(scores, 'express', `X-Powered-By: ${poweredBy}`);
  if (/UnauthorizedError|No authorization token was found/.test(body))
    add(scores, 'express', 'express-jwt UnauthorizedError');
  if (server.includes('microsoft-iis')) add(scores, 'iis', `Server: ${server}`);
  if (poweredBy.includes('asp.net') || has('x-aspnet-version'))
    add(scores, 'iis', 'ASP.NET headers');
  // (The split into lines only matters when a challenge names one of them at all.)
  if (
    /negotiate|ntlm/i.test(challenges) &&
    /^(?:negotiate|ntlm)\b/im.test(challenges.replace(/,\s*/g, '\n'))
  )
    add(scores, 'iis', 'Negotiate/NTLM challenge');
  if (
    has('x-amz-request-id') ||
    has('x-amzn-requestid') ||
    has('x-amzn-errortype') ||
    server.startsWith('amazons3')
  )
    add(scores, 'aws', 'x-amz headers');
  if (
    /<Code>(SignatureDoesNotMatch|InvalidAccessKeyId|ExpiredToken|RequestTimeTooSkewed|AccessDenied)<\/Code>|IncompleteSignature|x-amzn-ErrorType/.test(
      body,
    )
  )
    add(scores, 'aws', 'AWS error code');
  const aadsts = /AADSTS\d{5,6}/.exec(bodyAndChallenges);
  if (aadsts) add(scores, 'azure-ad', aadsts[0]);
  if (/login\.microsoftonline\.com|login\.windows\.net|sts\.windows\.net/i.test(challenges))
    add(scores, 'azure-ad', 'Microsoft login authority in the challenge');
  if (
    server === 'esf' ||
    server === 'gse' ||
    server.startsWith('google frontend') ||
    has('x-goog-request-id')
  )
    add(scores, 'google', `Server: ${server || 'google'}`);
  if (
    /"status"\s*:\s*"UNAUTHENTICATED"|accounts\.google\.com|googleapis\.com/.test(bodyAndChallenges)
  )
    add(scores, 'google', 'Google API error');
  if (server === 'github.com' || has('x-github-request-id'))
    add(scores, 'github', 'GitHub headers');
  if (/docs\.github\.com/.test(body)) add(scores, 'github', 'GitHub documentation_url');
  if (/\.auth0\.com/i.test(bodyAndChallenges)) add(scores, 'auth0', 'auth0.com domain');
  if (/\.okta(?:preview)?\.com|"errorCode"\s*:\s*"E0000\d+"/i.test(bodyAndChallenges))
    add(scores, 'okta', 'Okta error');
  if (/\/realms\/[^/\s"]+/.test(challenges) || /keycloak/i.test(body + server))
    add(scores, 'keycloak', 'Keycloak realm');
  if (/firebase|identitytoolkit|securetoken\.google/i.test(body))
    add(scores, 'firebase', 'Firebase message');
  if (has('stripe-version') || /api\.stripe\.com|Invalid API Key provided/.test(body))
    add(scores, 'stripe', 'Stripe API');
  const requestId = first(response, 'request-id') ?? '';
  if (requestId.startsWith('req_')) add(scores, 'stripe', 'Stripe Request-Id');
  if (
    has('x-application-context') ||
    (body.includes('"timestamp"') &&
      body.includes('"path"') &&
      body.includes('"error"') &&
      /"status"\s*:\s*40\d/.test(body))
  )
    add(scores, 'spring', 'Spring Boot error body');
  if (/Basic realm="Realm"/.test(challenges))
    add(scores, 'spring', 'Spring Security default realm');
  if (
    /Authentication credentials were not provided|Invalid token\.|"detail"\s*:\s*"Invalid token/.test(
      body,
    )
  )
    add(scores, 'django', 'Django REST framework message');
  if (
    /^Token\b/.test(challenges) &&
    (hints.provider === undefined || hints.provider === 'django-rest-framework')
  )
    add(scores, 'django', 'WWW-Authenticate: Token (TokenAuthentication)');
  if (has('x-frame-options') && /csrftoken=/.test(all(response, 'set-cookie').join('\n')))
    add(scores, 'django', 'csrftoken cookie');

  for (const issuer of hints.issuers ?? []) {
    const lower = issuer.toLowerCase();
    if (lower.includes('.auth0.com')) add(scores, 'auth0', `token issuer ${issuer}`);
    if (/\.okta(?:preview)?\.com/.test(lower)) add(scores, 'okta', `token issuer ${issuer}`);
    if (lower.includes('/realms/')) add(scores, 'keycloak', `token issuer ${issuer}`);
    if (lower.includes('securetoken.google.com')) add(scores, 'firebase', `token issuer ${issuer}`);
    if (/login\.microsoftonline\.com|sts\.windows\.net/.test(lower))
      add(scores, 'azure-ad', `token issuer ${issuer}`);
    if (lower === 'https://accounts.google.com' || lower === 'accounts.google.com')
      add(scores, 'google', `token issuer ${issuer}`);
  }
  for (const prefix of hints.keyPrefixes ?? []) {
    if (/^[sr]k_(test|live)_|^pk_(test|live)_/.test(prefix))
      add(scores, 'stripe', `key prefix ${prefix}`);
    if (/^(ghp|gho|ghu|ghs|github_pat)_/.test(prefix))
      add(scores, 'github', `token prefix ${prefix}`);
  }

  const found: PlatformFinding[] = [];
  for (const [id, evidence] of scores) found.push({ id, evidence });
  // (Stable: platforms with as many facts keep the order they were found in.)
  if (found.length > 1) found.sort((a, b) => b.evidence.length - a.evidence.length);
  return found;
}
