// The report page: the panel's UI as an ordinary extension page. `?tab=<id>` shows that tab's
// failures, no parameter every tab's (newest first); a HAR can be imported into either.
import { render } from 'preact';
import { browser } from '../platform/browser';
import { clearFailures } from '../ui/clear-failures';
import { DoctorApp } from '../ui/doctor-app';
import type { ReplaySupport } from '../ui/replay-editor';
import { requestScripting, sendAsPageByScripting } from '../ui/replay-send';
import { useStoredFailures } from '../ui/use-stored-failures';
import '../ui/doctor.css';
import { reportTabId } from './report-params';

const tabId = reportTabId(location.search);
const tool = { name: '401-doctor', version: browser.runtime.getManifest().version };

// As the page: in the failure's tab, through scripting.executeScript (world MAIN). The
// `scripting` permission is optional: asked for at the first replay sent as the page.
const replay: ReplaySupport = {
  asPage: {
    prepare: requestScripting,
    send: sendAsPageByScripting,
    note: 'Sending as the page runs the request inside that tab (its cookies, CORS and service workers apply), which needs the optional “scripting” permission, asked for the first time you send as the page. 401 Doctor uses it only for replays you send.',
  },
};

function ReportPage() {
  const { views, loaded } = useStoredFailures(tabId);
  return (
    <DoctorApp
      heading={tabId === undefined ? '401 Doctor: every tab' : `401 Doctor: tab ${tabId}`}
      live={views}
      loaded={loaded}
      tool={tool}
      onClear={() => clearFailures(tabId)}
      replay={replay}
      empty={
        <>
          <p>No authentication failures {tabId === undefined ? 'yet' : 'in this tab yet'}.</p>
          <p>
            401 Doctor lists every 401 Unauthorized and 407 Proxy Authentication Required answer
            here. Import a HAR file (button above, or drop it here) to analyse a recorded session.
          </p>
        </>
      }
    />
  );
}

const root = document.getElementById('app');
if (root) render(<ReportPage />, root);
