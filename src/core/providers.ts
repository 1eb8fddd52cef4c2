/**
 * What providers and frameworks say when they refuse a request, as data: one row per provider
 * or framework, how it is recognised (request host, response headers, body shape), the
 * messages it uses in bodies and headers with the diagnosis each one points to, and the public
 * documentation the row was taken from. `GENERIC_PHRASES` covers providers nobody listed.
 *
 * Rows whose refusals show in response headers (a vendor error header, a challenge's
 * `error_description`) keep their recognition and header messages in ./provider-headers.ts,
 * with the generic phrases: that half is all the extension's background loads, since it sees
 * no bodies. Here each such row is placed in the table with what its bodies add (`withBody`).
 *
 * The rules do not branch on providers: `matchServerWords` (./server-words.ts) turns what the server said into at
 * most one verdict (a diagnosis id, the words quoted, the provider and its source), and the
 * rules of ./rules/server-said.ts weigh it against what the request shows.
 *
 * Patterns run on bounded text (./server-words.ts) and have no nested quantifiers: linear.
 */
import {
  m,
  PROVIDER_HEADER_ROWS,
  type ProviderHeaderRow,
  type ProviderMessage,
} from './provider-headers';

export { GENERIC_PHRASES, type ProviderMessage, type SaidDiagnosis } from './provider-headers';

export interface ProviderRow extends ProviderHeaderRow {
  /** The body's shape (tested on its first 4 KB). */
  body?: RegExp;
}

/**
 * A row of ./provider-headers.ts with what its bodies add: a body shape and the messages only
 * bodies carry, tried after the header messages.
 */
function withBody(
  row: ProviderHeaderRow,
  bodyPart: { body?: RegExp; messages: readonly ProviderMessage[] },
): ProviderRow {
  return {
    ...row,
    ...(bodyPart.body ? { body: bodyPart.body } : {}),
    messages: [...row.messages, ...bodyPart.messages],
  };
}

export const PROVIDERS: readonly ProviderRow[] = [
  {
    id: 'github',
    name: 'GitHub',
    kind: 'provider',
    hosts: /(^|\.)github\.com$|(^|\.)githubusercontent\.com$/,
    headers: ['x-github-request-id'],
    body: /docs\.github\.com|developer\.github\.com/,
    messages: [
      m(
        /password authentication was removed|must use a personal access token/i,
        'api-token-required',
      ),
      m(/Bad credentials/, 'invalid-token'),
      m(/Requires authentication/, 'no-credentials'),
      // A fine-grained token or a GitHub App (an "integration") without the permission the
      // endpoint needs: 403 "Resource not accessible by personal access token" / "... by
      // integration" ("Insufficient permission errors"); the endpoint's permissions are in
      // X-Accepted-GitHub-Permissions, which insufficient-scope quotes.
      m(/Resource not accessible by (personal access token|integration)/, 'insufficient-scope'),
    ],
    source: 'https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api',
  },
  withBody(PROVIDER_HEADER_ROWS.gitlab, {
    messages: [
      m(/personal access token instead of a password/i, 'api-token-required'),
      m(/^401 Unauthorized$/, 'credentials-rejected'),
    ],
  }),
  {
    id: 'bitbucket',
    name: 'Bitbucket Cloud',
    kind: 'provider',
    hosts: /(^|\.)bitbucket\.org$/,
    messages: [
      m(
        /app password|API token.{0,40}instead|no longer support(s|ed)? account passwords/i,
        'api-token-required',
      ),
    ],
    source: 'https://support.atlassian.com/bitbucket-cloud/docs/using-app-passwords/',
  },
  {
    id: 'atlassian-cloud',
    name: 'Atlassian cloud (Jira, Confluence)',
    kind: 'provider',
    hosts: /\.atlassian\.net$|\.jira\.com$/,
    headers: ['x-arequestid'],
    messages: [
      m(/Basic authentication with passwords is deprecated/i, 'api-token-required'),
      m(/Client must be authenticated/i, 'no-credentials'),
    ],
    source:
      'https://developer.atlassian.com/cloud/jira/platform/deprecation-notice-basic-auth-and-cookie-based-auth/',
  },
  withBody(PROVIDER_HEADER_ROWS['atlassian-server'], {
    messages: [m(/You are not authenticated/i, 'no-credentials')],
  }),
  {
    id: 'azure-devops',
    name: 'Azure DevOps',
    kind: 'provider',
    hosts: /(^|\.)dev\.azure\.com$|\.visualstudio\.com$/,
    headers: ['x-vss-e2eid', 'x-tfs-processid'],
    messages: [m(/TF400813|not authorized to access this resource/i, 'credentials-rejected')],
    source:
      'https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate',
  },
  {
    id: 'entra',
    name: 'Microsoft Entra ID (Azure AD)',
    kind: 'provider',
    hosts: /^login\.microsoftonline\.(com|us)$|^login\.windows\.net$|^sts\.windows\.net$/,
    body: /AADSTS\d{5,7}/,
    messages: [
      m(/AADSTS(50126|50034|50055|50053)\b/, 'login-rejected'),
      m(/AADSTS(700082|70008|50173|700084)\b/, 'invalid-token'),
      m(/AADSTS(7000215|7000222|700016|7000218|700027)\b/, 'credentials-rejected'),
      m(/AADSTS\d{5,7}\b/, 'credentials-rejected'),
    ],
    source: 'https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes',
  },
  {
    id: 'microsoft-graph',
    name: 'Microsoft Graph',
    kind: 'provider',
    hosts: /^graph\.microsoft\.(com|us)$/,
    messages: [
      m(/Access token is empty/i, 'no-credentials'),
      m(
        /InvalidAuthenticationToken|CompactToken parsing failed|Lifetime validation failed/,
        'invalid-token',
      ),
      // 403 Authorization_RequestDenied: the token is good, the app or user lacks the Graph
      // permission this call needs (an application permission without admin consent, a
      // delegated scope not granted): "403 Forbidden: have you chosen the right permissions?".
      m(
        /Authorization_RequestDenied|Insufficient privileges to complete the operation/,
        'insufficient-scope',
      ),
    ],
    source: 'https://learn.microsoft.com/en-us/graph/resolve-auth-errors',
  },
  withBody(PROVIDER_HEADER_ROWS['azure-storage'], {
    messages: [m(/Signature did not match|MAC signature found/i, 'credentials-rejected')],
  }),
  {
    id: 'azure-api-management',
    name: 'Azure API Management / Azure AI services',
    kind: 'provider',
    hosts: /\.azure-api\.net$|\.cognitiveservices\.azure\.com$/,
    headers: ['apim-request-id'],
    body: /subscription key/i,
    messages: [
      m(/invalid subscription key|subscription key.{0,40}(invalid|not valid)/i, 'api-key-rejected'),
      m(/missing subscription key|subscription key.{0,20}missing/i, 'api-key-missing'),
    ],
    source: 'https://learn.microsoft.com/en-us/azure/api-management/api-management-subscriptions',
  },
  {
    id: 'azure-key-vault',
    name: 'Azure Key Vault',
    kind: 'provider',
    hosts: /\.vault\.azure\.net$|\.managedhsm\.azure\.net$/,
    headers: ['x-ms-keyvault-region'],
    messages: [m(/missing a Bearer or PoP token/i, 'no-credentials')],
    source:
      'https://learn.microsoft.com/en-us/azure/key-vault/general/authentication-requests-and-responses',
  },
  {
    id: 'google',
    name: 'Google APIs',
    kind: 'provider',
    hosts: /(^|\.)googleapis\.com$/,
    headers: ['x-goog-request-id'],
    body: /"status"\s*:\s*"UNAUTHENTICATED"/,
    messages: [
      m(/API key not valid|API_KEY_INVALID/, 'api-key-rejected'),
      m(/missing required authentication credential/i, 'no-credentials'),
      m(/had invalid authentication credentials|ACCESS_TOKEN_EXPIRED/i, 'invalid-token'),
    ],
    source: 'https://cloud.google.com/apis/design/errors',
  },
  {
    id: 'firebase',
    name: 'Firebase',
    kind: 'provider',
    hosts: /\.firebaseio\.com$|^identitytoolkit\.googleapis\.com$|^securetoken\.googleapis\.com$/,
    messages: [
      m(/INVALID_PASSWORD|EMAIL_NOT_FOUND|INVALID_LOGIN_CREDENTIALS/, 'login-rejected'),
      m(/INVALID_ID_TOKEN|TOKEN_EXPIRED|USER_DISABLED|INVALID_REFRESH_TOKEN/, 'invalid-token'),
    ],
    source: 'https://firebase.google.com/docs/reference/rest/auth',
  },
  withBody(PROVIDER_HEADER_ROWS['aws-api-gateway'], {
    messages: [m(/Missing Authentication Token/i, 'aws-signature-error')],
  }),
  {
    id: 'aws-s3',
    name: 'Amazon S3',
    kind: 'provider',
    hosts: /(^|\.)s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/,
    messages: [
      m(
        /InvalidAccessKeyId|SignatureDoesNotMatch|RequestTimeTooSkewed|ExpiredToken/,
        'aws-signature-error',
      ),
    ],
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html',
  },
  {
    id: 'aws-cognito',
    name: 'Amazon Cognito',
    kind: 'provider',
    hosts: /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com$/,
    messages: [
      m(/Incorrect username or password|User does not exist/i, 'login-rejected'),
      m(/Access Token has (expired|been revoked)|Invalid Access Token/i, 'invalid-token'),
    ],
    source:
      'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html',
  },
  {
    id: 'cloudflare',
    name: 'Cloudflare API',
    kind: 'provider',
    hosts: /^api\.cloudflare\.com$/,
    body: /"success"\s*:\s*false/,
    messages: [
      m(/"code"\s*:\s*9109|Invalid access token/i, 'invalid-token'),
      m(/"code"\s*:\s*(10000|9106)|Authentication error/, 'credentials-rejected'),
    ],
    source: 'https://developers.cloudflare.com/fundamentals/api/troubleshooting/',
  },
  {
    id: 'auth0',
    name: 'Auth0',
    kind: 'provider',
    hosts: /\.auth0\.com$/,
    messages: [
      m(/Wrong email or password|invalid_user_password/i, 'login-rejected'),
      m(/Invalid token|jwt expired|invalid signature/i, 'invalid-token'),
    ],
    source: 'https://auth0.com/docs/api/authentication#standard-error-responses',
  },
  {
    id: 'okta',
    name: 'Okta',
    kind: 'provider',
    hosts: /\.okta(preview|-emea)?\.com$/,
    headers: ['x-okta-request-id'],
    body: /"errorCode"\s*:\s*"E0000\d+"/,
    messages: [
      m(/E0000004|Authentication failed/, 'login-rejected'),
      m(/E0000011|E0000005|Invalid token provided|Invalid session/, 'invalid-token'),
    ],
    source: 'https://developer.okta.com/docs/reference/error-codes/',
  },
  {
    id: 'keycloak',
    name: 'Keycloak',
    kind: 'provider',
    body: /"error"\s*:\s*"invalid_grant"|"error"\s*:\s*"invalid_token"/,
    hosts: /^(keycloak|sso|auth|id)\./,
    messages: [
      m(/Invalid user credentials|Account is disabled|Account disabled/i, 'login-rejected'),
      m(/Token is not active|Session not active|Stale token/i, 'invalid-token'),
    ],
    source: 'https://www.keycloak.org/docs/latest/server_admin/#_oidc-auth-flows-direct',
  },
  {
    id: 'ping',
    name: 'Ping Identity',
    kind: 'provider',
    hosts: /\.pingone\.(com|eu|asia|ca)$|\.pingidentity\.com$/,
    messages: [
      m(/Invalid username or password|INVALID_CREDENTIALS/i, 'login-rejected'),
      m(
        /INVALID_TOKEN|The request could not be completed\. The token is invalid|Access token expired/i,
        'invalid-token',
      ),
    ],
    source: 'https://apidocs.pingidentity.com/pingone/platform/v1/api/#response-codes',
  },
  {
    id: 'onelogin',
    name: 'OneLogin',
    kind: 'provider',
    hosts: /\.onelogin\.com$/,
    messages: [
      m(/Invalid user credentials|Authentication Failed/i, 'login-rejected'),
      m(/Unauthorized access token|access token.{0,20}(expired|invalid)/i, 'invalid-token'),
    ],
    source: 'https://developers.onelogin.com/api-docs/2/getting-started/dev-overview',
  },
  {
    id: 'duo',
    name: 'Duo Security',
    kind: 'provider',
    hosts: /\.duosecurity\.com$/,
    messages: [
      m(/"code"\s*:\s*40101|Missing request credentials/i, 'no-credentials'),
      m(/"code"\s*:\s*40102|Invalid integration key/i, 'api-key-rejected'),
      m(/"code"\s*:\s*40103|Invalid signature in request credentials/i, 'credentials-rejected'),
    ],
    source: 'https://duo.com/docs/adminapi#response-format',
  },
  {
    id: 'stripe',
    name: 'Stripe',
    kind: 'provider',
    hosts: /^(api|files|connect)\.stripe\.com$/,
    headers: ['stripe-version'],
    messages: [
      m(/You did not provide an API key/i, 'api-key-missing'),
      m(/Invalid API Key provided|expired API key/i, 'api-key-rejected'),
      // A publishable key (pk_) where the call needs a secret or restricted key (403).
      m(/cannot be made with a publishable API key/i, 'api-key-rejected'),
    ],
    source: 'https://docs.stripe.com/keys',
  },
  {
    // Mapbox access tokens are long-lived keys sent as `access_token=` in the query: its 401s
    // "Not Authorized - Invalid Token" / "Not Authorized - No Token" are about that key.
    id: 'mapbox',
    name: 'Mapbox',
    kind: 'provider',
    hosts: /^api\.mapbox\.com$/,
    messages: [
      m(/Not Authorized - No Token/i, 'api-key-missing'),
      m(/Not Authorized - Invalid Token/i, 'api-key-rejected'),
    ],
    source: 'https://docs.mapbox.com/api/overview/#errors',
  },
  {
    id: 'twilio',
    name: 'Twilio',
    kind: 'provider',
    hosts: /(^|\.)twilio\.com$/,
    headers: ['twilio-request-id'],
    messages: [m(/"code"\s*:\s*20003|AccountSid or AuthToken was incorrect/i, 'basic-rejected')],
    source: 'https://www.twilio.com/docs/api/errors/20003',
  },
  {
    // SendGrid API keys (SG.) go as `Authorization: Bearer`; its 401 for a wrong, deleted or
    // truncated key borrows OAuth's words ("authorization grant"), but the grant is the key.
    id: 'sendgrid',
    name: 'Twilio SendGrid',
    kind: 'provider',
    hosts: /^api\.sendgrid\.com$/,
    messages: [m(/authorization grant is invalid, expired, or revoked/i, 'api-key-rejected')],
    source:
      'https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/authentication',
  },
  {
    // HTTP Basic with the user name `api` and the API key as password; domains created in the
    // EU region are served by api.eu.mailgun.net only. A refused key gets 401 "Forbidden".
    id: 'mailgun',
    name: 'Mailgun',
    kind: 'provider',
    hosts: /^api(\.eu)?\.mailgun\.net$/,
    messages: [m(/^Forbidden$/, 'api-key-rejected')],
    source: 'https://documentation.mailgun.com/docs/mailgun/api-reference/authentication',
    note: "Mailgun: a domain created in the EU region is served by api.eu.mailgun.net, one in the US region by api.mailgun.net; a key sent to the other region's host is refused (https://documentation.mailgun.com/docs/mailgun/api-reference)",
  },
  {
    id: 'slack',
    name: 'Slack',
    kind: 'provider',
    hosts: /(^|\.)slack\.com$/,
    headers: ['x-slack-req-id'],
    messages: [
      m(/not_authed/, 'no-credentials'),
      m(/invalid_auth|token_revoked|token_expired|account_inactive/, 'invalid-token'),
    ],
    source: 'https://api.slack.com/methods/auth.test#errors',
  },
  {
    id: 'shopify',
    name: 'Shopify',
    kind: 'provider',
    hosts: /\.myshopify\.com$|(^|\.)shopify\.com$/,
    messages: [m(/Invalid API key or access token/i, 'api-key-rejected')],
    source: 'https://shopify.dev/docs/api/usage/response-codes',
  },
  {
    id: 'salesforce',
    name: 'Salesforce',
    kind: 'provider',
    hosts: /\.salesforce\.com$|\.force\.com$/,
    messages: [
      m(/INVALID_LOGIN|authentication failure/i, 'login-rejected'),
      m(/INVALID_SESSION_ID|Session expired or invalid/i, 'invalid-token'),
    ],
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm',
  },
  {
    id: 'servicenow',
    name: 'ServiceNow',
    kind: 'provider',
    hosts: /\.service-now\.com$|\.servicenow\.com$/,
    messages: [m(/User Not Authenticated|Required to provide Auth information/i, 'no-credentials')],
    source:
      'https://docs.servicenow.com/bundle/washingtondc-api-reference/page/integrate/inbound-rest/concept/c_RESTAPI.html',
  },
  {
    id: 'artifactory',
    name: 'JFrog Artifactory',
    kind: 'provider',
    hosts: /\.jfrog\.io$|^artifactory\./,
    headers: ['x-artifactory-id', 'x-jfrog-version'],
    messages: [
      m(/Token failed verification|token.{0,20}expired/i, 'invalid-token'),
      m(/Bad credentials/i, 'credentials-rejected'),
    ],
    source: 'https://jfrog.com/help/r/jfrog-rest-apis/error-responses',
  },
  {
    id: 'sonarqube',
    name: 'SonarQube / SonarCloud',
    kind: 'provider',
    hosts: /(^|\.)sonarcloud\.io$|^sonar(qube)?\./,
    messages: [m(/Invalid authentication token|token.{0,20}(expired|revoked)/i, 'invalid-token')],
    source: 'https://docs.sonarsource.com/sonarqube/latest/extension-guide/web-api/',
  },
  {
    id: 'digitalocean',
    name: 'DigitalOcean',
    kind: 'provider',
    hosts: /^api\.digitalocean\.com$/,
    messages: [m(/Unable to authenticate you/i, 'credentials-rejected')],
    source:
      'https://docs.digitalocean.com/reference/api/api-reference/#section/Introduction/HTTP-Statuses',
  },
  {
    id: 'heroku',
    name: 'Heroku',
    kind: 'provider',
    hosts: /^api\.heroku\.com$/,
    messages: [
      m(/There were no credentials in your/i, 'no-credentials'),
      m(/Invalid credentials provided/i, 'credentials-rejected'),
    ],
    source: 'https://devcenter.heroku.com/articles/platform-api-reference#error-responses',
  },
  {
    id: 'vercel',
    name: 'Vercel',
    kind: 'provider',
    hosts: /^api\.vercel\.com$/,
    messages: [m(/invalidToken|The token provided is invalid/i, 'invalid-token')],
    source: 'https://vercel.com/docs/rest-api#authentication',
  },
  {
    id: 'netlify',
    name: 'Netlify',
    kind: 'provider',
    hosts: /^api\.netlify\.com$/,
    messages: [m(/Access Denied/i, 'credentials-rejected')],
    source: 'https://docs.netlify.com/api/get-started/#authentication',
  },
  {
    id: 'supabase',
    name: 'Supabase',
    kind: 'provider',
    hosts: /\.supabase\.(co|in)$/,
    messages: [
      m(/No API key found in request/i, 'api-key-missing'),
      m(/Invalid API key/i, 'api-key-rejected'),
      m(/JWT expired|invalid JWT/i, 'invalid-token'),
    ],
    source: 'https://supabase.com/docs/guides/api/api-keys',
  },
  {
    id: 'appwrite',
    name: 'Appwrite',
    kind: 'provider',
    headers: ['x-appwrite-project'],
    body: /"type"\s*:\s*"(user|general)_[a-z_]+"/,
    messages: [
      m(/user_invalid_credentials/, 'login-rejected'),
      m(/user_jwt_invalid|user_session_not_found/, 'invalid-token'),
      m(/general_unauthorized_scope|user_unauthorized/, 'credentials-rejected'),
    ],
    source: 'https://appwrite.io/docs/advanced/platform/response-codes',
  },
  withBody(PROVIDER_HEADER_ROWS.spotify, {
    messages: [m(/No token provided/i, 'no-credentials')],
  }),
  withBody(PROVIDER_HEADER_ROWS['google-iap'], {
    messages: [
      m(
        /JWT audience doesn'?t match|'aud' claim .{0,120} doesn'?t match/i,
        'jwt-audience-mismatch',
      ),
    ],
  }),
  {
    id: 'hubspot',
    name: 'HubSpot',
    kind: 'provider',
    hosts: /^api\.hubapi\.com$|^api\.hubspot\.com$/,
    messages: [
      m(/EXPIRED_AUTHENTICATION/, 'invalid-token'),
      m(/INVALID_AUTHENTICATION/, 'credentials-rejected'),
    ],
    source: 'https://developers.hubspot.com/docs/api/error-handling',
  },
  {
    id: 'zendesk',
    name: 'Zendesk',
    kind: 'provider',
    hosts: /\.zendesk\.com$/,
    messages: [m(/Couldn't authenticate you/i, 'credentials-rejected')],
    source: 'https://developer.zendesk.com/api-reference/introduction/security-and-auth/',
  },
  {
    id: 'pagerduty',
    name: 'PagerDuty',
    kind: 'provider',
    hosts: /^api\.pagerduty\.com$|^events\.pagerduty\.com$/,
    messages: [m(/Invalid Token|Invalid Routing Key/i, 'invalid-token')],
    source: 'https://developer.pagerduty.com/docs/rest-api-v2/errors/',
  },
  {
    id: 'datadog',
    name: 'Datadog',
    kind: 'provider',
    hosts: /(^|\.)datadoghq\.(com|eu)$|(^|\.)ddog-gov\.com$/,
    messages: [
      m(/"errors"\s*:\s*\["Forbidden"\]|API key is invalid|Invalid API key/i, 'api-key-rejected'),
    ],
    source: 'https://docs.datadoghq.com/api/latest/authentication/',
  },
  {
    id: 'docker-registry',
    name: 'Docker Hub / container registries',
    kind: 'provider',
    hosts: /^registry-1\.docker\.io$|^auth\.docker\.io$|^ghcr\.io$|\.azurecr\.io$|\.pkg\.dev$/,
    headers: ['docker-distribution-api-version'],
    messages: [
      m(/please use personal access token/i, 'api-token-required'),
      m(/incorrect username or password/i, 'login-rejected'),
      m(/"code"\s*:\s*"UNAUTHORIZED"/, 'no-credentials'),
    ],
    source: 'https://distribution.github.io/distribution/spec/auth/token/',
  },
  {
    id: 'npm-registry',
    name: 'npm registry',
    kind: 'provider',
    hosts: /^registry\.npmjs\.org$/,
    messages: [
      m(/one-time pass|OTP required/i, 'credentials-rejected'),
      m(/You must be logged in|requires auth credentials/i, 'no-credentials'),
    ],
    source: 'https://docs.npmjs.com/about-access-tokens',
  },
  {
    id: 'kubernetes',
    name: 'Kubernetes API server',
    kind: 'provider',
    body: /"kind"\s*:\s*"Status"/,
    messages: [m(/"reason"\s*:\s*"Unauthorized"/, 'credentials-rejected')],
    source: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/',
  },
  {
    id: 'spring-security',
    name: 'Spring Security',
    kind: 'framework',
    headers: ['x-application-context'],
    body: /"timestamp"\s*:.{0,200}"path"\s*:/,
    messages: [
      m(/Full authentication is required/i, 'no-credentials'),
      m(/Bad credentials|User is disabled|User account is locked/i, 'login-rejected'),
    ],
    source:
      'https://docs.spring.io/spring-security/reference/servlet/authentication/architecture.html',
  },
  {
    id: 'django-rest-framework',
    name: 'Django / Django REST framework',
    kind: 'framework',
    body: /^\s*\{\s*"detail"\s*:/,
    messages: [
      m(/Authentication credentials were not provided/i, 'no-credentials'),
      m(/Unable to log in with provided credentials|Invalid username\/password/i, 'login-rejected'),
      // TokenAuthentication's own words: exactly "Invalid token." or "Invalid token header. ..."
      // (rest_framework/authentication.py), not any message that contains the two words.
      m(/^Invalid token(\.$| header\. )|Token has expired|Given token not valid/i, 'invalid-token'),
    ],
    source: 'https://www.django-rest-framework.org/api-guide/authentication/',
  },
  {
    id: 'rails-devise',
    name: 'Rails / Devise',
    kind: 'framework',
    messages: [
      m(/You need to sign in or sign up before continuing/i, 'no-credentials'),
      m(/Invalid (Email|Login|Username) or password/i, 'login-rejected'),
    ],
    source: 'https://github.com/heartcombo/devise/blob/main/config/locales/en.yml',
  },
  {
    id: 'laravel-sanctum',
    name: 'Laravel (Sanctum / Passport)',
    kind: 'framework',
    body: /"message"\s*:\s*"Unauthenticated\."/,
    messages: [m(/^Unauthenticated\.$/, 'no-credentials')],
    source: 'https://laravel.com/docs/11.x/sanctum#protecting-routes',
  },
  withBody(PROVIDER_HEADER_ROWS['aspnet-core'], { messages: [] }),
  {
    id: 'fastapi',
    name: 'FastAPI',
    kind: 'framework',
    messages: [
      m(/^Not authenticated$/, 'no-credentials'),
      m(/Could not validate credentials/i, 'invalid-token'),
      m(/Incorrect username or password/i, 'login-rejected'),
    ],
    source: 'https://fastapi.tiangolo.com/tutorial/security/first-steps/',
  },
  {
    id: 'express-passport',
    name: 'Express / Passport',
    kind: 'framework',
    messages: [
      m(/No authorization token was found/i, 'no-credentials'),
      m(/Missing credentials|Incorrect username or password/i, 'login-rejected'),
      m(
        /UnauthorizedError: (jwt expired|invalid signature|jwt malformed|invalid token)/i,
        'invalid-token',
      ),
    ],
    source: 'https://www.passportjs.org/concepts/authentication/password/',
  },
  {
    id: 'nestjs',
    name: 'NestJS',
    kind: 'framework',
    body: /"statusCode"\s*:\s*401/,
    messages: [m(/^Unauthorized$/, 'credentials-rejected')],
    source: 'https://docs.nestjs.com/security/authentication',
  },
];
