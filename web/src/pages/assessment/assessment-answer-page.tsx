// Answering a round as oneself (logged in): the round's own questionnaire, once per person.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import type { Questionnaire, ResponseInput, Round } from '../../api-assessment';
import { usePageTitle } from '../../page-title';
import { Link } from '../../router';
import { AnswerForm } from './assessment-answer-form';
import '../pulse/pulse.css';
import './assessment.css';

export function AssessmentAnswerPage({ id }: { id: string }) {
  const [done, setDone] = useState(false);
  const base = `/api/assessment/rounds/${encodeURIComponent(id)}`;
  const query = useQuery({
    queryKey: ['assessment', 'questionnaire', id],
    queryFn: async () => {
      const [round, questionnaire] = await Promise.all([api<Round>(base), api<Questionnaire>(`${base}/questionnaire`)]);
      return { round, questionnaire };
    },
  });
  const data = query.data;
  const error = query.error?.message;
  usePageTitle(data ? `Answer: ${data.round.title}` : 'Answer the assessment');

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p className="loading">Loading…</p>;
  const results = `/assessment/rounds/${encodeURIComponent(id)}`;
  const send = async (r: ResponseInput) => {
    await api(`${base}/responses`, { method: 'POST', body: r, idempotent: false });
    setDone(true);
    window.scrollTo(0, 0);
  };
  return (
    <article className="answer-page">
      <p className="crumbs">
        <Link href="/assessment">AI readiness</Link> / <Link href={results}>{data.round.title}</Link> / answer
      </p>
      <h1>{data.round.title}</h1>
      {done ? (
        <p role="status" className="notice">
          Thank you: your answers are recorded. <Link href={results}>See the results</Link>.
        </p>
      ) : data.round.status === 'closed' ? (
        <p className="error" role="alert">This round is closed: answers are no longer accepted.</p>
      ) : data.round.answered_by_me ? (
        <p className="notice">
          You have answered this round already. <Link href={results}>See the results</Link>.
        </p>
      ) : (
        <>
          <p className="muted">For each question, choose the description closest to how things are today. Skip what you cannot judge.</p>
          <AnswerForm questionnaire={data.questionnaire} onSubmit={send} />
        </>
      )}
    </article>
  );
}
