/**
 * Data in and out: any signed-in user downloads the graph or a region's
 * part in a form `npm run import` reads back; an ADMIN uploads a file
 * (JSON, NDJSON, a .zip of CSV files, .xlsx) and sees the counts written or
 * the problems, each at its file and row, with nothing written.
 */
import { useState } from 'preact/hooks';
import { downloadDataset, uploadDataset, type ImportAnswer } from './api.ts';
import { save } from './download.ts';
import type { MeQuery } from './generated.ts';
import { formatNumber, t } from './i18n.ts';
import { ErrorLine } from './ErrorLine.tsx';

export function DataView(props: { me: NonNullable<MeQuery['me']> }) {
  return (
    <>
      <ExportForm />
      {props.me.role === 'ADMIN' && <ImportForm />}
    </>
  );
}

function ExportForm() {
  const [scope, setScope] = useState<'all' | 'region'>('all');
  const [region, setRegion] = useState('');
  const [format, setFormat] = useState<'json' | 'ndjson' | 'xlsx'>('json');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    downloadDataset(scope === 'all' ? null : region.trim(), format)
      .then(({ name, blob }) => save(name, blob))
      .catch((err: Error) => setError(err.message))
      .finally(() => setBusy(false));
  };
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">{t('exportHeading')}</h2>
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t('exportScope')}</legend>
          <label>
            <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} /> {t('exportAll')}
          </label>{' '}
          <label>
            <input type="radio" name="scope" checked={scope === 'region'} onChange={() => setScope('region')} /> {t('exportRegion')}
          </label>{' '}
          {scope === 'region' && (
            <label>
              {t('exportRegionCode')} <input value={region} required pattern="\d{6}" placeholder="510105" onInput={(e) => setRegion((e.target as HTMLInputElement).value)} />
            </label>
          )}
        </fieldset>
        <label>
          {t('exportFormat')}{' '}
          <select value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as typeof format)}>
            <option value="json">JSON</option>
            <option value="ndjson">NDJSON</option>
            <option value="xlsx">Excel (.xlsx)</option>
          </select>
        </label>{' '}
        <button type="submit" disabled={busy} aria-busy={busy}>
          {t('exportDownload')}
        </button>
      </form>
      <ErrorLine error={error} />
    </section>
  );
}

function ImportForm() {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setAnswer(null);
    setError(null);
    uploadDataset(file)
      .then(setAnswer)
      .catch((err: Error) => setError(err.message))
      .finally(() => setBusy(false));
  };
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{t('importHeading')}</h2>
      <p class="muted">{t('importHint')}</p>
      <form onSubmit={submit}>
        <label>
          {t('importFile')} <input type="file" accept=".json,.ndjson,.jsonl,.zip,.xlsx" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        </label>{' '}
        <button type="submit" disabled={!file || busy} aria-busy={busy}>
          {t('importSubmit')}
        </button>
      </form>
      {busy && <p aria-busy="true">{t('importRunning')}</p>}
      <ErrorLine error={error} />
      {answer?.loaded === true && (
        <div role="status" data-testid="import-counts">
          <p>{t('importDone')}</p>
          <ul>
            {Object.entries(answer.counts)
              .filter(([, n]) => n > 0)
              .map(([table, n]) => (
                <li key={table}>{t('importCount', { table, n: formatNumber(n) })}</li>
              ))}
          </ul>
        </div>
      )}
      {answer?.loaded === false && (
        <div role="alert" data-testid="import-problems">
          <p>{t('importRefused', { n: formatNumber(answer.problemCount) })}</p>
          <ol>
            {answer.problems.map((line, i) => (
              <li key={i}>
                <code>{line}</code>
              </li>
            ))}
          </ol>
          {answer.problemCount > answer.problems.length && (
            <p>
              {t('importMore', {
                n: formatNumber(answer.problemCount - answer.problems.length),
                kinds: Object.entries(answer.moreProblems)
                  .map(([kind, n]) => `${kind || 'record'} ${formatNumber(n)}`)
                  .join(', '),
              })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
