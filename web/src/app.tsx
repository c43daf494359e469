// The shell: who is logged in (or the login page), the navigation, and the page for the URL.
// Each page is its own script chunk (React.lazy), loaded when its route first shows; the
// route list below is one line per route, and unknown URLs get the not-found page.
import { lazy, Suspense, useCallback, type ComponentType, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { NavLink, Route, Routes, useParams } from 'react-router';
import { api, setCsrfToken, type SessionInfo, type User, type Workspace } from './api';
import { LoginPage } from './pages/login-page';
import { InboxNavLink } from './pages/inbox-nav-link';
import { Link, navigate, RouterBridge, usePath } from './router';

/** A page's module loaded on first use: `page(() => import('./pages/x'), 'XPage')`. */
function page<K extends string, P extends object>(load: () => Promise<Record<K, ComponentType<P>>>, name: K) {
  return lazy<ComponentType<P>>(async () => ({ default: (await load())[name] }));
}
const PortfolioPage = page(() => import('./pages/portfolio-page'), 'PortfolioPage');
const RoadmapPage = page(() => import('./pages/roadmap-page'), 'RoadmapPage');
const UsagePage = page(() => import('./pages/usage-page'), 'UsagePage');
const DataPage = page(() => import('./pages/data-page'), 'DataPage');
const IntakePage = page(() => import('./pages/intake-page'), 'IntakePage');
const ImportPage = page(() => import('./pages/import-page'), 'ImportPage');
const UseCasePage = page(() => import('./pages/use-case-page'), 'UseCasePage');
const AssessmentPage = page(() => import('./pages/assessment/assessment-page'), 'AssessmentPage');
const AssessmentRoundPage = page(() => import('./pages/assessment/assessment-round-page'), 'AssessmentRoundPage');
const AssessmentAnswerPage = page(() => import('./pages/assessment/assessment-answer-page'), 'AssessmentAnswerPage');
const AssessmentRespondPage = page(() => import('./pages/assessment/assessment-respond-page'), 'AssessmentRespondPage');
const PulseRespondPage = page(() => import('./pages/pulse/pulse-respond-page'), 'PulseRespondPage');
const NotFoundPage = page(() => import('./pages/not-found-page'), 'NotFoundPage');
const InboxPage = page(() => import('./pages/inbox-page'), 'InboxPage');
const ProposalsPage = page(() => import('./pages/proposals/proposals-page'), 'ProposalsPage');
const MyProposalsPage = page(() => import('./pages/proposals/my-proposals-page'), 'MyProposalsPage');
const AdminPage = page(() => import('./pages/admin/admin-page'), 'AdminPage');
const NotificationSettingsPage = page(() => import('./pages/notification-settings-page'), 'NotificationSettingsPage');

/** The route's `:id`, decoded by the router, handed to a page that takes it as a prop. */
function WithId({ children }: { children: (id: string) => ReactNode }) {
  return children(useParams().id ?? '');
}

/** Administration's sections are addresses under /admin. */
function AdminRoute({ user }: { user: User }) {
  return <AdminPage path={usePath()} user={user} />;
}

/** The pages of a logged-in person: one line per route. */
function signedInRoutes(user: User, workspace: Workspace | null) {
  return [
    <Route key="/" path="/" element={<PortfolioPage workspace={workspace} />} />,
    <Route key="/roadmap" path="/roadmap" element={<RoadmapPage />} />,
    <Route key="/usage" path="/usage" element={<UsagePage />} />,
    <Route key="/data" path="/data" element={<DataPage user={user} />} />,
    <Route key="/data/:id" path="/data/:id" element={<WithId>{(id) => <DataPage id={id} user={user} />}</WithId>} />,
    <Route key="/intake" path="/intake" element={<IntakePage user={user} workspace={workspace} />} />,
    <Route key="/import" path="/import" element={<ImportPage user={user} />} />,
    <Route key="/use-cases/:id" path="/use-cases/:id" element={<WithId>{(id) => <UseCasePage id={id} user={user} workspace={workspace} />}</WithId>} />,
    <Route key="/assessment" path="/assessment" element={<AssessmentPage user={user} />} />,
    <Route key="/assessment/rounds/:id" path="/assessment/rounds/:id" element={<WithId>{(id) => <AssessmentRoundPage id={id} user={user} workspace={workspace} />}</WithId>} />,
    <Route key="/assessment/rounds/:id/answer" path="/assessment/rounds/:id/answer" element={<WithId>{(id) => <AssessmentAnswerPage id={id} />}</WithId>} />,
    <Route key="/inbox" path="/inbox" element={<InboxPage />} />,
    <Route key="/proposals" path="/proposals" element={<ProposalsPage />} />,
    <Route key="/proposals/mine" path="/proposals/mine" element={<MyProposalsPage />} />,
    <Route key="/admin/*" path="/admin/*" element={<AdminRoute user={user} />} />,
    <Route key="/settings/notifications" path="/settings/notifications" element={<NotificationSettingsPage />} />,
    <Route key="*" path="*" element={<NotFoundPage />} />,
  ];
}

const loading = <p className="loading">Loading…</p>;

export function App() {
  return (
    <>
      <RouterBridge />
      <Suspense fallback={loading}>
        <Routes>
          {/* Pages an invitation link opens work without a login: the link's token is the credential. */}
          <Route path="/pulse/respond" element={<PulseRespondPage />} />
          <Route path="/assessment/respond" element={<AssessmentRespondPage />} />
          <Route path="*" element={<SignedIn />} />
        </Routes>
      </Suspense>
    </>
  );
}

function SignedIn() {
  const client = useQueryClient();
  const session = useQuery({ queryKey: ['session'], queryFn: () => api<SessionInfo>('/api/auth/session').catch(() => null) });
  const user = session.data?.user;
  const ready = user !== undefined && !user.must_change_password;
  const workspace = useQuery({ queryKey: ['workspace'], queryFn: () => api<Workspace>('/api/workspace'), enabled: ready });
  const accept = useCallback(
    (s: SessionInfo | null) => {
      setCsrfToken(s?.csrf_token);
      client.setQueryData(['session'], s);
    },
    [client],
  );
  setCsrfToken(session.data?.csrf_token);

  if (session.isPending) return loading;
  if (!user || !ready) return <LoginPage session={session.data ?? null} onSession={accept} />;

  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST', idempotent: false }).catch(() => undefined);
    accept(null);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    navigate('/');
  };
  const ws = workspace.data ?? null;

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href="/" className="brand">
          Traction<span>{ws ? ` · ${ws.organisation}` : ''}</span>
        </Link>
        <nav aria-label="Main">
          <InboxNavLink />
          <NavLink to="/" end>
            Portfolio
          </NavLink>
          <NavLink to="/roadmap">Roadmap</NavLink>
          <NavLink to="/usage">Usage</NavLink>
          <NavLink to="/data">Data readiness</NavLink>
          <NavLink to="/assessment">AI readiness</NavLink>
          <NavLink to="/intake">Propose a use case</NavLink>
          <NavLink to="/proposals" end>
            Proposals
          </NavLink>
          <NavLink to="/proposals/mine">My proposals</NavLink>
          {user.role === 'admin' && <NavLink to="/admin">Administration</NavLink>}
          <a href="/api/docs">API</a>
        </nav>
        <div className="who">
          <span>
            <Link href="/settings/notifications" className="who-name" aria-label={`${user.display_name}: notification settings`}>
              {user.display_name}
            </Link>{' '}
            <small className="role">{user.role}</small>
          </span>
          <button type="button" className="secondary" onClick={logout}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={loading}>
          <Routes>{signedInRoutes(user, ws)}</Routes>
        </Suspense>
      </main>
    </>
  );
}
