// What an unknown address shows: says so plainly and offers the way back, instead of silently
// showing another page under a wrong URL.
import { Link, usePath } from '../router';
import { usePageTitle } from '../page-title';

export function NotFoundPage() {
  usePageTitle('Page not found');
  const path = usePath();
  return (
    <section className="panel not-found" aria-labelledby="not-found">
      <h1 id="not-found">Page not found</h1>
      <p>
        There is no page at <code className="wrap">{path}</code>. The link may be mistyped, or the page may have moved.
      </p>
      <p>
        <Link href="/">Go to the portfolio</Link>
      </p>
    </section>
  );
}
