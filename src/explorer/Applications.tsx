/**
 * The reviewer's queue of resumption applications, oldest filing first, with
 * filters (status, province, only those the agency takes part in, overdue
 * documents). Each row shows the firm's readiness on its planned date and its
 * root causes (approving a firm whose inputs are blocked frees no one), and
 * exactly the steps the server says this user may take; taking one asks for
 * the queue again, so a row that no longer matches the filter leaves it.
 */
import { useEffect, useState } from 'preact/hooks';
import { mutate, query } from './api.ts';
import { save, toCsv } from './download.ts';
import {
  ApplicationsDocument,
  ApproveApplicationDocument,
  ProvincesDocument,
  ReceiveDocumentsDocument,
  RefuseApplicationDocument,
  RequestCityRecheckDocument,
  StartOnSiteCheckDocument,
  WithdrawApplicationDocument,
  type ApplicationFieldsFragment,
  type ApplicationStatus,
  type ApplicationTransition,
  type MeQuery,
  type ResumptionApplicationFilter,
} from './generated.ts';
import { formatDate, formatDateTime, formatNumber, t } from './i18n.ts';
import { ErrorLine } from './ErrorLine.tsx';

type Application = ApplicationFieldsFragment;

const STATUSES: ApplicationStatus[] = ['FILED', 'ON_SITE_CHECK', 'CITY_RECHECK', 'APPROVED', 'REFUSED', 'WITHDRAWN'];

async function step(kind: ApplicationTransition, id: string, reason: string): Promise<Application> {
  switch (kind) {
    case 'START_CHECK':
      return (await mutate(StartOnSiteCheckDocument, { id })).startOnSiteCheck;
    case 'REQUEST_RECHECK':
      return (await mutate(RequestCityRecheckDocument, { id })).requestCityRecheck;
    case 'APPROVE':
      return (await mutate(ApproveApplicationDocument, { id })).approveApplication;
    case 'REFUSE':
      return (await mutate(RefuseApplicationDocument, { id, reason })).refuseApplication;
    case 'WITHDRAW':
      return (await mutate(WithdrawApplicationDocument, { id })).withdrawApplication;
    case 'RECEIVE_DOCUMENTS':
      return (await mutate(ReceiveDocumentsDocument, { id })).receiveCommitmentDocuments;
  }
}

export function ApplicationsView(props: { me: MeQuery['me']; onOpen: (id: string) => void }) {
  const [status, setStatus] = useState<ApplicationStatus | ''>('');
  const [province, setProvince] = useState('');
  const [mine, setMine] = useState(props.me.role !== 'ADMIN');
  const [overdue, setOverdue] = useState(false);
  const [provinces, setProvinces] = useState<{ code: string; name: string }[]>([]);
  const [list, setList] = useState<{ totalCount: number; nodes: Application[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    query(ProvincesDocument, {}).then(
      (data) => setProvinces(data.regions),
      (e: Error) => setError(e.message),
    );
  }, []);

  useEffect(() => {
    const filter: ResumptionApplicationFilter = {
      ...(status ? { status } : {}),
      ...(province ? { regionCode: province } : {}),
      ...(mine ? { agencyId: props.me.agencyId } : {}),
      ...(overdue ? { overdueDocuments: true } : {}),
    };
    let gone = false;
    query(ApplicationsDocument, { filter, first: 200 }).then(
      (data) => !gone && (setList(data.resumptionApplications), setError(null)),
      (e: Error) => !gone && setError(e.message),
    );
    return () => {
      gone = true;
    };
  }, [status, province, mine, overdue, version, props.me.agencyId]);

  const changed = (application: Application, kind: ApplicationTransition) => {
    setNotice(t('applicationStepped', { id: application.id, step: t(`applicationTransition${kind}` as const), status: t(`applicationStatus${application.status}` as const) }));
    setVersion((v) => v + 1);
  };

  return (
    <section class="applications" aria-labelledby="applications-heading">
      <h2 id="applications-heading">{t('applicationsHeading')}</h2>
      <form class="filters" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('applicationStatus')}
          <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as ApplicationStatus | '')}>
            <option value="">{t('all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`applicationStatus${s}` as const)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('province')}
          <select value={province} onChange={(e) => setProvince((e.target as HTMLSelectElement).value)}>
            <option value="">{t('all')}</option>
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={mine} onChange={(e) => setMine((e.target as HTMLInputElement).checked)} /> {t('onlyMine', { agency: props.me.agency?.name ?? props.me.agencyId })}
        </label>
        <label class="check">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue((e.target as HTMLInputElement).checked)} /> {t('onlyOverdueDocuments')}
        </label>
      </form>
      <ErrorLine error={error} />
      <p role="status" class="muted">
        {notice}
      </p>
      {list === null ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : (
        <>
          <p>
            {t('applicationsCount', { n: list.totalCount })}{' '}
            {list.nodes.length > 0 && (
              <button type="button" onClick={() => save('resumption-applications.csv', applicationsCsv(list.nodes))}>
                {t('exportCsv')}
              </button>
            )}
          </p>
          {list.nodes.length === 0 ? (
            <p class="muted">{t('noApplications')}</p>
          ) : (
            <ul class="requests" data-testid="applications">
              {list.nodes.map((a) => (
                <ApplicationItem key={a.id} application={a} onOpen={props.onOpen} onChange={changed} onError={setError} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function applicationsCsv(list: Application[]): string {
  return toCsv([
    [t('csvId'), t('csvName'), t('csvStatus'), t('plannedDate'), t('workforceReturning'), t('readyOnPlannedDate'), t('rootCause')],
    ...list.map((a) => [
      a.id,
      a.enterprise.name,
      t(`applicationStatus${a.status}` as const),
      a.plannedDate,
      a.workforceReturning,
      a.readinessOnPlannedDate.ready ? t('ready') : t('notReady'),
      a.readinessOnPlannedDate.rootCauses.map((c) => c.enterprise.name).join('；'),
    ]),
  ]);
}

function ApplicationItem(props: {
  application: Application;
  onOpen: (id: string) => void;
  onChange: (a: Application, kind: ApplicationTransition) => void;
  onError: (message: string) => void;
}) {
  const a = props.application;
  const r = a.readinessOnPlannedDate;
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (kind: ApplicationTransition) => {
    setBusy(true);
    try {
      props.onChange(await step(kind, a.id, reason.trim()), kind);
    } catch (e) {
      props.onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const region = `${a.enterprise.region.parent?.name ?? ''}${a.enterprise.region.name}`;
  return (
    <li class="request" data-application={a.id}>
      <h3>
        {a.id} ·{' '}
        <button type="button" class="link" onClick={() => props.onOpen(a.enterprise.id)}>
          {a.enterprise.name}
        </button>{' '}
        · <span class="status">{t(`applicationStatus${a.status}` as const)}</span>
      </h3>
      <p>
        {region} · {t('plannedOn', { date: formatDate(a.plannedDate) })} · {t('returning', { n: formatNumber(a.workforceReturning) })} · {t('filedOn', { date: formatDate(a.filedOn) })}
        {a.decidedOn && ` · ${t('decidedOn', { date: formatDate(a.decidedOn) })}`}
        {a.jointCheck && ` · ${t('jointCheck')}`}
        {a.commitment && ` · ${t('commitment')}`}
        {a.commitment && a.documentsDue && ` · ${t('documentsDue', { date: formatDate(a.documentsDue) })}`}
        {a.documentsOverdue && <strong class="overdue"> · {t('documentsOverdue')}</strong>}
      </p>
      <p class="muted">
        {t('reviewers', { district: a.districtAgency?.name ?? t('unknownAgency'), city: a.cityAgency?.name ?? t('unknownAgency') })}
      </p>
      <div class={`banner ${r.ready ? 'ready' : 'not-ready'}`} data-testid="planned-readiness">
        <strong>{r.ready ? t('readyOnPlanned', { date: formatDate(r.asOf) }) : t('notReadyOnPlanned', { date: formatDate(r.asOf) })}</strong>
        {!r.ready && <div>{r.expectedReadyDate ? t('expectedReady', { date: formatDate(r.expectedReadyDate) }) : t('noExpectedReady')}</div>}
        {r.rootCauses.length > 0 && (
          <ul aria-label={t('rootCause')}>
            {r.rootCauses.map((c) => (
              <li key={c.enterprise.id} data-id={c.enterprise.id}>
                {t('rootCauseAt', { tier: c.tier })}: {c.enterprise.name}（{c.enterprise.region.parent?.name ?? ''}
                {c.enterprise.region.name}，{t(`enterprise${c.enterprise.status}` as const)}
                {c.enterprise.expectedResumeDate && `，${t('expectedResume')} ${formatDate(c.enterprise.expectedResumeDate)}`}）· {c.components.map((x) => x.name).join('、')}
              </li>
            ))}
          </ul>
        )}
        {r.logisticsRootCauses.length > 0 && (
          <ul aria-label={t('logisticsRootCauses')}>
            {r.logisticsRootCauses.map((c) => (
              <li key={`${c.restriction.id}-${c.tier}`}>
                {c.restriction.id} · {c.restriction.region?.name ?? c.restriction.supply?.supplier.name} · {t('tier', { tier: c.tier })} · {c.components.map((x) => x.name).join('、')}
              </li>
            ))}
          </ul>
        )}
      </div>
      {a.note && <p class="message">{a.note}</p>}
      {a.refusalReason && <p>{t('refusalReason', { reason: a.refusalReason })}</p>}
      <details>
        <summary>{t('events')}</summary>
        <ol class="events">
          {a.events.map((e) => (
            <li key={e.seq} data-kind={e.kind}>
              {formatDateTime(e.at)} · {t(`applicationEvent${e.kind}` as const)} · {e.agency?.name ?? ''}
              {e.note && ` · ${e.note}`}
            </li>
          ))}
        </ol>
      </details>
      {a.availableTransitions.length > 0 && (
        <div class="actions">
          {a.availableTransitions.includes('REFUSE') && (
            <label>
              {t('refusalReasonLabel')} <input value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
            </label>
          )}
          {a.availableTransitions.map((kind) => (
            <button key={kind} type="button" disabled={busy || (kind === 'REFUSE' && !reason.trim())} onClick={() => act(kind)}>
              {t(`applicationTransition${kind}` as const)}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}
