// "My work" in the navigation, with the number of items waiting; loaded with the shell, so it
// stays small (the inbox page itself loads on first visit).
import { useQuery } from '@tanstack/react-query';
import { NavLink } from 'react-router';
import { inboxQuery } from '../api-inbox';

export function InboxNavLink() {
  const inbox = useQuery({ ...inboxQuery, refetchInterval: 60_000 });
  const n = inbox.data?.total ?? 0;
  return (
    <NavLink to="/inbox">
      My work{n > 0 && <span className="count" aria-label={`, ${n} waiting`}> {n}</span>}
    </NavLink>
  );
}
