// Navigation for the whole dashboard, over React Router (declarative mode, BrowserRouter in
// main.tsx). The three names pages already use stay: `Link` (a real <a href>, so middle-click,
// "open in new tab" and the keyboard work), `navigate(to)` (callable outside a component, e.g.
// after a mutation) and `usePath()`. New code may use react-router's hooks directly.
import { useEffect, type AnchorHTMLAttributes } from 'react';
import { Link as RouterLink, useLocation, useNavigate, type NavigateFunction } from 'react-router';

let current: NavigateFunction | undefined;

/** Mounted once inside the router (app.tsx): lends `navigate` its router and scrolls new pages to the top. */
export function RouterBridge() {
  const go = useNavigate();
  const { pathname } = useLocation();
  useEffect(() => {
    current = go;
    return () => {
      if (current === go) current = undefined;
    };
  }, [go]);
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}

export function navigate(to: string): void {
  if (current) void current(to);
  else window.location.assign(to);
}

export function usePath(): string {
  return useLocation().pathname;
}

export function Link({ href, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return <RouterLink to={href} {...rest} />;
}
