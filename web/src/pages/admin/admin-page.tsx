// Administration, for admins only: accounts and roles, API tokens, scheduled jobs, the audit
// log and the notification delivery log, each at its own address under /admin.
import type { User } from '../../api';
import { usePageTitle } from '../../page-title';
import { Link } from '../../router';
import { AuditSection } from './audit-section';
import { JobsSection } from './jobs-section';
import { NotificationsSection } from './notifications-section';
import { TokensSection } from './tokens-section';
import { UsersSection } from './users-section';

const SECTIONS = [
  { path: '/admin', label: 'Accounts' },
  { path: '/admin/tokens', label: 'API tokens' },
  { path: '/admin/jobs', label: 'Scheduled jobs' },
  { path: '/admin/audit', label: 'Audit log' },
  { path: '/admin/notifications', label: 'Notifications' },
] as const;

export function AdminPage({ path, user }: { path: string; user: User }) {
  const section = SECTIONS.find((s) => s.path === path) ?? SECTIONS[0];
  usePageTitle(`Administration: ${section.label}`);
  if (user.role !== 'admin')
    return (
      <>
        <h1>Administration</h1>
        <p className="notice">Administration is for administrators. Ask one of them to change your role if you need it.</p>
      </>
    );
  return (
    <>
      <div className="page-head">
        <h1>Administration</h1>
      </div>
      <nav className="segmented admin-nav" aria-label="Administration">
        {SECTIONS.map((s) => (
          <Link key={s.path} href={s.path} aria-current={s.path === section.path ? 'page' : undefined}>
            {s.label}
          </Link>
        ))}
      </nav>
      {section.path === '/admin' && <UsersSection me={user.username} />}
      {section.path === '/admin/tokens' && <TokensSection />}
      {section.path === '/admin/jobs' && <JobsSection />}
      {section.path === '/admin/audit' && <AuditSection />}
      {section.path === '/admin/notifications' && <NotificationsSection />}
    </>
  );
}
