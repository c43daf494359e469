// The shell: who is logged in (or the login page), the navigation, and the page for the URL.
import { useCallback, useEffect, useState } from 'react';
import { api, setCsrfToken, type SessionInfo, type Workspace } from './api';
import { IntakePage } from './pages/intake-page';
import { LoginPage } from './pages/login-page';
import { DataPage } from './pages/data-page';
import { InboxNavLink, InboxPage } from './pages/inbox-page';
import { PortfolioPage } from './pages/portfolio-page';
import { RoadmapPage } from './pages/roadmap-page';
import { UseCasePage } from './pages/use-case-page';
import { UsagePage } from './pages/usage-page';
import { PulseRespondPage } from './pages/pulse/pulse-respond-page';
import { AssessmentPage } from './pages/assessment/assessment-page';
import { AssessmentRoundPage } from './pages/assessment/assessment-round-page';
import { AssessmentAnswerPage } from './pages/assessment/assessment-answer-page';
import { AssessmentRespondPage } from './pages/assessment/assessment-respond-page';
import { ProposalsPage } from './pages/proposals/proposals-page';
import { MyProposalsPage } from './pages/proposals/my-proposals-page';
import { AdminPage } from './pages/admin/admin-page';
import { Link, navigate, usePath } from './router';

export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const path = usePath();

  const accept = useCallback((s: SessionInfo | null) => {
    setCsrfToken(s?.csrf_token);
    setSession(s);
  }, []);
  useEffect(() => {
    api<SessionInfo>('/api/auth/session').then(accept, () => accept(null));
  }, [accept]);
  useEffect(() => {
    if (session && !session.user.must_change_password) api<Workspace>('/api/workspace').then(setWorkspace, () => setWorkspace(null));
  }, [session]);

  // Pages an invitation link opens work without a login: the link's token is the credential.
  if (path === '/pulse/respond') return <PulseRespondPage />;
  if (path === '/assessment/respond') return <AssessmentRespondPage />;
  if (session === undefined) return <p className="loading">Loading…</p>;
  if (session === null || session.user.must_change_password) return <LoginPage session={session} onSession={accept} />;

  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    accept(null);
    navigate('/');
  };
  const useCaseId = /^\/use-cases\/([^/]+)$/.exec(path)?.[1];
  const dataset = /^\/data(?:\/([^/]+))?$/.exec(path);
  const round = /^\/assessment\/rounds\/([^/]+)(\/answer)?$/.exec(path);
  const assessment = path === '/assessment' || round !== null;
  const page = path === '/admin' || path.startsWith('/admin/') ? 'admin' : path === '/inbox' ? 'inbox' : path === '/proposals' ? 'proposals' : path === '/proposals/mine' ? 'my-proposals' : path === '/intake' ? 'intake' : useCaseId ? 'use-case' : dataset ? 'data' : path === '/roadmap' ? 'roadmap' : path === '/usage' ? 'usage' : assessment ? 'assessment' : 'portfolio';

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href="/" className="brand">
          Traction<span>{workspace ? ` · ${workspace.organisation}` : ''}</span>
        </Link>
        <nav aria-label="Main">
          <InboxNavLink current={page === 'inbox'} />
          <Link href="/" aria-current={page === 'portfolio' ? 'page' : undefined}>
            Portfolio
          </Link>
          <Link href="/roadmap" aria-current={page === 'roadmap' ? 'page' : undefined}>
            Roadmap
          </Link>
          <Link href="/usage" aria-current={page === 'usage' ? 'page' : undefined}>
            Usage
          </Link>
          <Link href="/data" aria-current={page === 'data' ? 'page' : undefined}>
            Data readiness
          </Link>
          <Link href="/assessment" aria-current={page === 'assessment' ? 'page' : undefined}>
            AI readiness
          </Link>
          <Link href="/intake" aria-current={page === 'intake' ? 'page' : undefined}>
            Propose a use case
          </Link>
          <Link href="/proposals" aria-current={page === 'proposals' ? 'page' : undefined}>
            Proposals
          </Link>
          <Link href="/proposals/mine" aria-current={page === 'my-proposals' ? 'page' : undefined}>
            My proposals
          </Link>
          {session.user.role === 'admin' && <Link href="/admin" aria-current={page === 'admin' ? 'page' : undefined}>Administration</Link>}
          <a href="/api/docs">API</a>
        </nav>
        <div className="who">
          <span>
            {session.user.display_name} <small className="role">{session.user.role}</small>
          </span>
          <button type="button" className="secondary" onClick={logout}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page === 'inbox' && <InboxPage />}
        {page === 'intake' && <IntakePage user={session.user} workspace={workspace} />}
        {page === 'proposals' && <ProposalsPage />}
        {page === 'my-proposals' && <MyProposalsPage />}
        {page === 'use-case' && useCaseId && <UseCasePage id={decodeURIComponent(useCaseId)} user={session.user} workspace={workspace} />}
        {page === 'portfolio' && <PortfolioPage workspace={workspace} />}
        {page === 'roadmap' && <RoadmapPage />}
        {page === 'admin' && <AdminPage path={path} user={session.user} />}
        {page === 'usage' && <UsagePage />}
        {page === 'assessment' && !round && <AssessmentPage user={session.user} />}
        {page === 'assessment' && round?.[1] && !round[2] && <AssessmentRoundPage id={decodeURIComponent(round[1])} user={session.user} workspace={workspace} />}
        {page === 'assessment' && round?.[1] && round[2] && <AssessmentAnswerPage id={decodeURIComponent(round[1])} />}
        {page === 'data' && <DataPage user={session.user} {...(dataset?.[1] ? { id: decodeURIComponent(dataset[1]) } : {})} />}
      </main>
    </>
  );
}
