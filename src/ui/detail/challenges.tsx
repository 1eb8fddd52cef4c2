// "What the server asked for": the WWW-Authenticate / Proxy-Authenticate challenges.
import type { challengeRows } from '../request-facts';
import { Section } from './section';

export function ChallengesSection({
  challenges,
}: {
  /** Undefined when the capture did not keep the response headers. */
  challenges: ReturnType<typeof challengeRows>;
}) {
  return (
    <Section id="challenges" title="What the server asked for (challenges)">
      {challenges === undefined ? (
        <p class="note">
          The capture did not keep the response headers; the diagnoses above quote the challenge
          when it matters.
        </p>
      ) : challenges.length === 0 ? (
        <p class="note">
          No WWW-Authenticate or Proxy-Authenticate header: the server did not say how to
          authenticate.
        </p>
      ) : (
        <table class="challenges">
          <thead>
            <tr>
              <th>Header</th>
              <th>Scheme</th>
              <th>Parameters</th>
            </tr>
          </thead>
          <tbody>
            {challenges.map((row, i) => (
              <tr key={i}>
                <td>{row.header}</td>
                <td>{row.scheme}</td>
                <td>
                  {row.params.map(([name, value]) => (
                    <div key={name}>
                      <span class="param">{name}</span> = <span class="value">{value}</span>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
