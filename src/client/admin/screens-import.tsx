import { useState } from 'preact/hooks';
import { ApiError, csrf, messageOf } from './api.js';
import type { Me } from './types.js';
import { Field, Notice } from './ui.js';

/*
 * Import and export: a WordPress export uploaded from the browser, with its progress as the
 * server reads it and the report at the end (the same engine as `deho import wordpress`); and
 * the owner's download of the whole site.
 */

interface ImportCount {
  created: number;
  updated: number;
  unchanged: number;
}
interface ImportReport {
  site: string;
  counts: Record<string, ImportCount>;
  skipped: { item: string; reason: string }[];
  skippedTotal: number;
  notes: string[];
  downloads?: { fetched: number; alreadyThere: number; failed: { url: string; reason: string }[] };
}
type Line =
  | { type: 'uploaded'; bytes: number }
  | { type: 'downloads'; done: number; total: number }
  | { type: 'progress'; bytes_read: number; total_bytes: number; items: number }
  | { type: 'done'; report: ImportReport }
  | { type: 'error'; error: { code: string; message: string } };

const MB = 1024 * 1024;
const size = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

export function ImportScreen({ me }: { me: Me }) {
  const [file, setFile] = useState<File | undefined>(undefined);
  const [fetchFiles, setFetchFiles] = useState(false);
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'importing' | 'done'>('idle');
  const [progress, setProgress] = useState({ read: 0, total: 0, items: 0 });
  const [downloads, setDownloads] = useState<{ done: number; total: number } | undefined>();
  const [report, setReport] = useState<ImportReport | undefined>(undefined);
  const [error, setError] = useState('');

  const run = async (upload: File) => {
    setPhase('uploading');
    setReport(undefined);
    setError('');
    setProgress({ read: 0, total: upload.size, items: 0 });
    setDownloads(undefined);
    try {
      const query = fetchFiles ? '?fetch_attachments=true' : '';
      const response = await fetch(`/api/admin/v1/imports/wordpress/progress${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', 'x-csrf-token': csrf() },
        credentials: 'same-origin',
        body: upload,
      });
      if (!response.ok || response.body === null) {
        const data = (await response.json().catch(() => ({}))) as {
          error?: { code?: string; message?: string };
        };
        throw new ApiError(
          response.status,
          data.error?.code ?? 'error',
          data.error?.message ?? `The server answered ${response.status}.`,
        );
      }
      setPhase('importing');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const part of parts) {
          if (part.trim() === '') continue;
          const line = JSON.parse(part) as Line;
          if (line.type === 'downloads') setDownloads({ done: line.done, total: line.total });
          else if (line.type === 'progress')
            setProgress({ read: line.bytes_read, total: line.total_bytes, items: line.items });
          else if (line.type === 'done') {
            setProgress((p) => ({ ...p, read: p.total }));
            setReport(line.report);
          } else if (line.type === 'error') setError(line.error.message);
        }
      }
      setPhase('done');
    } catch (e) {
      setError(messageOf(e));
      setPhase('done');
    }
  };

  const busy = phase === 'uploading' || phase === 'importing';
  return (
    <>
      <h1 tabIndex={-1}>Import and export</h1>
      <section class="card" aria-labelledby="wp-heading">
        <h2 id="wp-heading">Import from WordPress</h2>
        <p class="hint">
          In WordPress: Tools → Export → All content. Importing the same file again changes nothing;
          on any error nothing is written. Larger than 512 MB: use{' '}
          <code>deho import wordpress FILE</code> on the server.
        </p>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (file !== undefined) void run(file);
          }}
        >
          <Field label="WordPress export file (.xml)" id="wxr-file">
            <input
              id="wxr-file"
              type="file"
              accept=".xml,application/xml,text/xml"
              required
              onChange={(e) => setFile(e.currentTarget.files?.[0])}
            />
          </Field>
          <label class="check">
            <input
              type="checkbox"
              checked={fetchFiles}
              onChange={(e) => setFetchFiles(e.currentTarget.checked)}
              aria-describedby="fetch-hint"
            />{' '}
            Download images from the old site
          </label>
          <p class="hint" id="fetch-hint">
            While the WordPress site still answers. Each file is checked as an upload is; those that
            cannot be brought are listed in the report.
          </p>
          <button type="submit" disabled={busy || file === undefined}>
            Import
          </button>
        </form>
        {phase !== 'idle' && (
          <div class="import-progress">
            <label for="import-progress">
              {phase === 'uploading'
                ? 'Uploading…'
                : phase === 'importing'
                  ? 'Importing…'
                  : error === ''
                    ? 'Imported'
                    : 'Stopped'}
            </label>
            <progress
              id="import-progress"
              max={Math.max(1, progress.total)}
              value={phase === 'uploading' ? undefined : progress.read}
            />
            <p role="status" data-testid="import-status">
              {downloads !== undefined && (
                <>
                  Downloaded {downloads.done} of {downloads.total} files.{' '}
                </>
              )}
              Read {size(progress.read)} of {size(progress.total)}, {progress.items} items.
            </p>
          </div>
        )}
        <Notice text={error} kind="error" />
        {report !== undefined && <Report report={report} />}
      </section>
      {me.role === 'owner' && (
        <section class="card" aria-labelledby="export-heading">
          <h2 id="export-heading">Export the whole site</h2>
          <p class="hint">
            One JSON file with every table: articles, dramas, people, comments, staff (password
            hashes included) and settings. Keep it safe. <code>deho import deho DIR</code> restores
            it; media files are in the data folder.
          </p>
          <a class="button" href="/api/admin/v1/export" download>
            Download the export
          </a>
        </section>
      )}
    </>
  );
}

function Report({ report }: { report: ImportReport }) {
  return (
    <div class="import-report" data-testid="import-report">
      <h3>Report{report.site !== '' && ` for ${report.site}`}</h3>
      <table class="list">
        <caption class="visually-hidden">
          What the import created, updated and left unchanged
        </caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
            <th scope="col">Unchanged</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(report.counts).map(([kind, count]) => (
            <tr key={kind}>
              <th scope="row">{kind}</th>
              <td>{count.created}</td>
              <td>{count.updated}</td>
              <td>{count.unchanged}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.notes.length > 0 && (
        <>
          <h4>Notes</h4>
          <ul>
            {report.notes.map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
        </>
      )}
      {report.downloads !== undefined && (
        <>
          <h4>Downloads</h4>
          <p>
            {report.downloads.fetched} downloaded, {report.downloads.alreadyThere} already there,{' '}
            {report.downloads.failed.length} failed.
          </p>
          {report.downloads.failed.length > 0 && (
            <ul>
              {report.downloads.failed.map((f, i) => (
                <li key={i}>
                  <code>{f.url}</code>: {f.reason}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {report.skippedTotal > 0 && (
        <>
          <h4>Skipped ({report.skippedTotal})</h4>
          <ul>
            {report.skipped.map((s, i) => (
              <li key={i}>
                {s.item}: {s.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
