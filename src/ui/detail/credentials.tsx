// "Credentials sent": each credential decoded (Basic user, Digest parameters, JWT header,
// claims and their times), masked until the user reveals a value this page holds.
import type { ClaimTime, CredentialDetails } from '../credential-details';
import { Section } from './section';

export function CredentialsSection({
  credentials,
  carried,
  revealed,
  onReveal,
}: {
  /** Undefined when only the kinds of credential were captured, not their values. */
  credentials: CredentialDetails[] | undefined;
  carried: string;
  revealed: ReadonlySet<string>;
  onReveal: (raw: string, show: boolean) => void;
}) {
  return (
    <Section id="credentials" title="Credentials sent">
      {credentials === undefined ? (
        <p class="note" data-masked-only>
          {carried
            ? `The request carried: ${carried}. Only what kind of credential was sent was captured, not its value, so it cannot be decoded or revealed here. Open DevTools on the tab (401 Doctor panel) while reproducing the failure, or import a HAR file, to decode it.`
            : 'The request carried no credentials.'}
        </p>
      ) : credentials.length === 0 ? (
        <p class="note">The request carried no credentials.</p>
      ) : (
        credentials.map((credential) => (
          <CredentialCard
            key={credential.id}
            credential={credential}
            revealed={credential.raw !== undefined && revealed.has(credential.raw)}
            onReveal={onReveal}
          />
        ))
      )}
    </Section>
  );
}

function CredentialCard({
  credential,
  revealed,
  onReveal,
}: {
  credential: CredentialDetails;
  revealed: boolean;
  onReveal: (raw: string, show: boolean) => void;
}) {
  const raw = credential.raw;
  return (
    <div class="credential" data-credential={credential.where} data-scheme={credential.scheme}>
      <div class="credential-line">
        <span class="where">{credential.where}</span>{' '}
        <code class="value" data-credential-value data-revealed={revealed ? 'yes' : 'no'}>
          {revealed && raw !== undefined ? raw : credential.masked}
        </code>{' '}
        {raw !== undefined && credential.revealable ? (
          <button type="button" data-action="reveal" onClick={() => onReveal(raw, !revealed)}>
            {revealed ? 'Hide' : 'Reveal'}
          </button>
        ) : (
          <span class="note" data-cannot-reveal>
            Cannot be revealed: only the masked form was captured.
          </span>
        )}
      </div>
      {credential.basic && (
        <dl class="facts">
          <dt>User</dt>
          <dd data-basic-user>{credential.basic.username}</dd>
          <dt>Password</dt>
          <dd>
            {revealed && credential.basic.password !== undefined
              ? credential.basic.password
              : credential.basic.passwordMasked}
          </dd>
        </dl>
      )}
      {credential.digest && (
        <table class="digest">
          <tbody>
            {credential.digest.map((param) => (
              <tr key={param.name}>
                <td class="param">{param.name}</td>
                <td>{revealed && param.raw !== undefined ? param.raw : param.masked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {credential.jwt && (
        <div class="jwt" data-jwt-claims>
          {credential.jwt.times.length > 0 && (
            <table class="claim-times">
              <tbody>
                {credential.jwt.times.map((time) => (
                  <ClaimTimeRow key={time.claim} time={time} />
                ))}
              </tbody>
            </table>
          )}
          <div class="jwt-part">
            <h3>JWT header</h3>
            <pre class="code">{JSON.stringify(credential.jwt.header, null, 2)}</pre>
          </div>
          <div class="jwt-part">
            <h3>JWT claims</h3>
            <pre class="code">
              {credential.jwt.payload === null
                ? 'Encrypted (JWE): the claims cannot be read.'
                : JSON.stringify(credential.jwt.payload, null, 2)}
            </pre>
          </div>
          <p class="note">
            Decoded, never verified: the signature is not checked and never shown unless revealed.
          </p>
        </div>
      )}
    </div>
  );
}

function ClaimTimeRow({ time }: { time: ClaimTime }) {
  return (
    <tr data-claim={time.claim} data-marker={time.marker}>
      <td class="param">{time.claim}</td>
      <td>{time.utc}</td>
      <td>{time.relative}</td>
      <td>{time.atRequest ?? ''}</td>
      <td>{time.marker ? <span class="marker">{time.marker}</span> : ''}</td>
    </tr>
  );
}
