import type { ScanReport, ScanVerdict } from '../api.ts';
import { scannerLabel } from '../catalog.ts';
import { marksOf, segmentsOf } from '../highlight.ts';
import { VERDICT_LABELS } from '../options.ts';

export function VerdictBadge({ verdict }: { verdict: ScanVerdict }) {
  return <span className={`verdict verdict-${verdict}`}>{VERDICT_LABELS[verdict]}</span>;
}

/**
 * What the scanners made of a text: the verdict, the text once with what they found marked (the
 * matched text is not repeated anywhere else), each scanner's verdict and the redacted text.
 */
export function ScanReportView({ text, report }: { text: string; report: ScanReport }) {
  const marks = marksOf(report.results, text.length);
  // A block ends the run (it is the last result), so the scanners after it did not run.
  const blocker = report.verdict === 'block' ? report.results.at(-1) : undefined;
  let number = 0;
  return (
    <div className="scan-report">
      <p className="scan-verdict">
        Verdict: <VerdictBadge verdict={report.verdict} />
      </p>
      <h3>The text, with what was found</h3>
      <p className="scanned-text">
        {segmentsOf(text, marks).map((segment, index) =>
          segment.marks.length === 0 ? (
            <span key={index}>{segment.text}</span>
          ) : (
            <span key={index}>
              <mark>{segment.text}</mark>
              {segment.ending.map((mark) => (
                <span key={mark.number} className="finding-tag">
                  {mark.number}: {mark.label}
                </span>
              ))}
            </span>
          ),
        )}
      </p>
      {report.results.length > 0 && (
        // Focusable: on a phone the table scrolls sideways, by keyboard too.
        <div
          className="table-scroll"
          role="region"
          aria-label="Each scanner's verdict"
          tabIndex={0}
        >
          <table className="data-table">
            <caption>Each scanner that ran</caption>
            <thead>
              <tr>
                <th scope="col">Scanner</th>
                <th scope="col">Verdict</th>
                <th scope="col">Findings</th>
                <th scope="col" className="numeric">
                  Score
                </th>
                <th scope="col" className="numeric">
                  Time
                </th>
              </tr>
            </thead>
            <tbody>
              {report.results.map((result) => (
                <tr key={result.scanner}>
                  <th scope="row">{scannerLabel(result.scanner)}</th>
                  <td>
                    <VerdictBadge verdict={result.verdict} />
                  </td>
                  <td>
                    {result.error && <p className="field-error">Failed: {result.error}</p>}
                    {result.findings.length === 0 && !result.error && (
                      <span className="muted">Nothing found</span>
                    )}
                    {result.findings.length > 0 && (
                      <ul className="findings">
                        {result.findings.map((finding) => {
                          number += 1;
                          return (
                            <li key={number}>
                              {number}: {finding.label}
                              <span className="muted">
                                {finding.end > finding.start
                                  ? ` (characters ${finding.start + 1}–${finding.end})`
                                  : ' (the whole text)'}
                                {finding.action && finding.action !== result.verdict
                                  ? `, ${finding.action}`
                                  : ''}
                              </span>
                            </li>
                          );
                        })}
                      </ul>
                    )}
                  </td>
                  <td className="numeric">{result.score.toFixed(2)}</td>
                  <td className="numeric">{formatDuration(result.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {blocker && (
        <p className="muted">
          Scanning stops at the first scanner that blocks: the scanners after{' '}
          {scannerLabel(blocker.scanner)} did not look at this text. Take out what it found to see
          what they would find.
        </p>
      )}
      {report.results.length === 0 && (
        <p className="muted">No scanner runs on this kind of text: turn one on below.</p>
      )}
      {report.redactedText !== text && (
        <>
          <h3>What the agent would get</h3>
          <pre className="snippet redacted-text">{report.redactedText}</pre>
        </>
      )}
    </div>
  );
}

function formatDuration(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
