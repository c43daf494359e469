// "Download report": the executive report for the board as a stand-alone HTML page or a PDF,
// the same document `traction report` writes.
import { useState } from 'react';
import { downloadReport, type ReportFormat } from '../api-report';

export function ReportDownload() {
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = (format: ReportFormat) => {
    setBusy(format);
    setError(null);
    downloadReport(format)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(null));
  };
  return (
    <div className="report-download">
      <span>Executive report:</span>
      <button type="button" className="secondary" disabled={busy !== null} onClick={() => start('pdf')}>
        {busy === 'pdf' ? 'Preparing the PDF…' : 'Download report (PDF)'}
      </button>
      <button type="button" className="secondary" disabled={busy !== null} onClick={() => start('html')}>
        {busy === 'html' ? 'Preparing…' : 'Download report (web page)'}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
