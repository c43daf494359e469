// Every page names itself in the browser's tab and history: "<page> · Traction".
import { useEffect } from 'react';

export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Traction` : 'Traction';
  }, [title]);
}
