// The page an assessment invitation link opens, without a login. The token is after the # of
// the address, which the browser never sends to a server; it goes to the API in a header.
import { useEffect, useState } from 'react';
import { withInvitation } from '../../api-pulse';
import { usePageTitle } from '../../page-title';
import type { RespondView, ResponseInput } from '../../api-assessment';
import { AnswerForm } from './assessment-answer-form';
import '../pulse/pulse.css';
import './assessment.css';

export function AssessmentRespondPage() {
  const token = window.location.hash.slice(1);
  const [view, setView] = useState<RespondView>();
  const [refused, setRefused] = useState<string>();
  const [done, setDone] = useState(false);
  usePageTitle('AI readiness assessment');

  // Another link pasted into the same tab changes only the part after #, which loads nothing:
  // start over with the new link.
  useEffect(() => {
    const reload = () => window.location.reload();
    window.addEventListener('hashchange', reload);
    return () => window.removeEventListener('hashchange', reload);
  }, []);
  useEffect(() => {
    if (!token) return setRefused('This address has no invitation in it: open the whole link you were sent.');
    withInvitation<RespondView>('/api/assessment/respond', token).then(setView, (e: Error) => setRefused(e.message));
  }, [token]);

  const send = async (r: ResponseInput) => {
    await withInvitation('/api/assessment/respond', token, r);
    setDone(true);
    window.scrollTo(0, 0);
  };

  return (
    <main id="main" className="respond">
      {refused && (
        <>
          <h1>This link cannot be used</h1>
          <p className="error" role="alert">
            {refused}
          </p>
        </>
      )}
      {!refused && !view && <p className="loading">Loading…</p>}
      {view && done && (
        <>
          <h1>Thank you</h1>
          <p role="status">Your answers to “{view.round.title}” are recorded. The results are shown only for groups, never per person.</p>
        </>
      )}
      {view && !done && (
        <>
          <h1>{view.round.title}</h1>
          <p className="muted">
            How ready is the organisation for AI? For each question, choose the description closest to how things are today. Skip what you cannot judge. It takes about 15 minutes.
          </p>
          <AnswerForm questionnaire={view.questionnaire} onSubmit={send} />
        </>
      )}
    </main>
  );
}
