/**
 * The agency's inbox (requests addressed to it) and outbox (requests it
 * asked), with status, due date, overdue flag and event log, and exactly the
 * transitions the server says this user may make. New events arrive over
 * the live inbox subscription and replace the request they belong to.
 */
import { useEffect, useState } from 'preact/hooks';
import { client, describe, liveConnected, mutate, query } from './api.ts';
import {
  AcknowledgeDocument,
  AidInboxDocument,
  InboxDocument,
  RestrictionInboxDocument,
  RejectDocument,
  RequestsDocument,
  ResolveDocument,
  StartDocument,
  WithdrawDocument,
  type MeQuery,
  type RequestFieldsFragment,
  type RequestTransition,
} from './generated.ts';
import { save, toCsv } from './download.ts';
import { formatDate, formatDateTime, formatNumber, t } from './i18n.ts';
import { restrictionPeriod, restrictionScope } from './restrictions.ts';

type Request = RequestFieldsFragment;

const version = (r: Request) => r.events.at(-1)?.seq ?? 0;

/** The list with `request` in it, unless the list already holds a later state of it (answers can arrive out of order). */
function upsert(list: Request[], request: Request): Request[] {
  const index = list.findIndex((r) => r.id === request.id);
  if (index < 0) return [...list, request].sort((a, b) => a.id.localeCompare(b.id));
  if (version(list[index] as Request) > version(request)) return list;
  const copy = [...list];
  copy[index] = request;
  return copy;
}

function merge(list: Request[] | null, fresh: Request[]): Request[] {
  return fresh.reduce(upsert, list?.filter((r) => fresh.some((f) => f.id === r.id)) ?? []);
}

async function transition(kind: RequestTransition, id: string, reason: string): Promise<Request> {
  switch (kind) {
    case 'ACKNOWLEDGE':
      return (await mutate(AcknowledgeDocument, { id })).acknowledgeRequest;
    case 'START':
      return (await mutate(StartDocument, { id })).startRequest;
    case 'RESOLVE':
      return (await mutate(ResolveDocument, { id })).resolveRequest;
    case 'REJECT':
      return (await mutate(RejectDocument, { id, reason })).rejectRequest;
    case 'WITHDRAW':
      return (await mutate(WithdrawDocument, { id })).withdrawRequest;
  }
}

export function Inbox(props: { me: MeQuery['me'] }) {
  const agencyId = props.me.agencyId;
  const [inbox, setInbox] = useState<Request[] | null>(null);
  const [outbox, setOutbox] = useState<Request[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The lists hold the first page (50) of each; the totals say when there are more.
  const [totals, setTotals] = useState<{ inbox: number; outbox: number }>({ inbox: 0, outbox: 0 });

  const connected = liveConnected.value;
  // Loaded on opening and again whenever the stream (re)connects: an event sent while it was down is in the lists then.
  useEffect(() => {
    Promise.all([query(RequestsDocument, { agencyId, role: 'ADDRESSEE' }), query(RequestsDocument, { agencyId, role: 'REQUESTER' })]).then(
      ([a, b]) => {
        setInbox((list) => merge(list, a.coordinationRequests.nodes));
        setOutbox((list) => merge(list, b.coordinationRequests.nodes));
        setTotals({ inbox: a.coordinationRequests.totalCount, outbox: b.coordinationRequests.totalCount });
      },
      (e: Error) => setError(e.message),
    );
  }, [agencyId, connected]);

  useEffect(() => {
    const subscription = client.subscription(InboxDocument, { agencyId }).subscribe((result) => {
      if (result.error) {
        setError(describe(result.error).message);
        return;
      }
      const request = result.data?.requestEvents.request;
      if (!request) return;
      if (request.addressee.id === agencyId) setInbox((list) => upsert(list ?? [], request));
      if (request.requesters.some((r) => r.id === agencyId)) setOutbox((list) => upsert(list ?? [], request));
    });
    return () => subscription.unsubscribe();
  }, [agencyId]);

  // Restrictions imposed or lifted and mutual-aid changes in the agency's care: listed as they arrive, newest first.
  const [news, setNews] = useState<{ key: string; at: string; text: string }[]>([]);
  useEffect(() => {
    const heard = (key: string, at: string, text: string) => setNews((list) => (list.some((n) => n.key === key) ? list : [{ key, at, text }, ...list].slice(0, 50)));
    const restrictions = client.subscription(RestrictionInboxDocument, { agencyId }).subscribe((result) => {
      if (result.error) return setError(describe(result.error).message);
      const notice = result.data?.restrictionEvents;
      if (!notice) return;
      const r = notice.restriction;
      heard(`${r.id}#${notice.event.seq}`, notice.event.at, t(`restrictionNews${notice.event.kind}` as const, { id: r.id, scope: restrictionScope(r), period: restrictionPeriod(r), agency: notice.event.agency?.name ?? notice.event.agencyId }));
    });
    const aid = client.subscription(AidInboxDocument, { agencyId }).subscribe((result) => {
      if (result.error) return setError(describe(result.error).message);
      const notice = result.data?.aidEvents;
      if (!notice) return;
      const subject = notice.helpRequest
        ? t('aidNewsRequest', { id: notice.helpRequest.id, enterprise: notice.helpRequest.enterprise.name, component: notice.helpRequest.component.name })
        : notice.helpOffer
          ? t('aidNewsOffer', { id: notice.helpOffer.id, enterprise: notice.helpOffer.enterprise.name, component: notice.helpOffer.component.name })
          : notice.loan
            ? t('aidNewsLoan', { id: notice.loan.id, lender: notice.loan.lender.name, borrower: notice.loan.borrower.name, component: notice.loan.component.name })
            : '';
      const id = notice.helpRequest?.id ?? notice.helpOffer?.id ?? notice.loan?.id ?? '';
      heard(`${id}#${notice.event.seq}`, notice.event.at, `${subject} ${t(`aidEvent${notice.event.kind}` as const)}（${notice.event.agency?.name ?? notice.event.agencyId}）`);
    });
    return () => (restrictions.unsubscribe(), aid.unsubscribe());
  }, [agencyId]);

  const replace = (request: Request) => {
    setInbox((list) => (list && list.some((r) => r.id === request.id) ? upsert(list, request) : list));
    setOutbox((list) => (list && list.some((r) => r.id === request.id) ? upsert(list, request) : list));
  };

  return (
    <section class="inbox">
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {liveConnected.value && <p class="muted">{t('live')}</p>}
      <section aria-labelledby="news-heading" data-testid="news">
        <h2 id="news-heading">{t('newsHeading')}</h2>
        {news.length === 0 ? (
          <p class="muted">{t('noNews')}</p>
        ) : (
          <ol class="events">
            {news.map((n) => (
              <li key={n.key} data-key={n.key}>
                {formatDateTime(n.at)} · {n.text}
              </li>
            ))}
          </ol>
        )}
      </section>
      <Box title={t('inbox')} id="inbox" total={totals.inbox} requests={inbox} onChange={replace} onError={setError} />
      <Box title={t('outbox')} id="outbox" total={totals.outbox} requests={outbox} onChange={replace} onError={setError} />
    </section>
  );
}

function Box(props: { title: string; id: string; total: number; requests: Request[] | null; onChange: (r: Request) => void; onError: (m: string) => void }) {
  return (
    <section aria-labelledby={`${props.id}-heading`} data-testid={props.id}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {props.requests && props.requests.length > 0 && (
        <button type="button" onClick={() => save(`${props.id}.csv`, requestsCsv(props.requests ?? []))}>
          {t('exportCsv')}
        </button>
      )}
      {props.requests === null ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : props.requests.length === 0 ? (
        <p class="muted">{t('noRequests')}</p>
      ) : (
        <ul class="requests">
          {props.requests.map((r) => (
            <RequestItem key={r.id} request={r} onChange={props.onChange} onError={props.onError} />
          ))}
        </ul>
      )}
      {props.requests && props.total > props.requests.length && (
        <p class="muted">{t('firstOf', { shown: formatNumber(props.requests.length), total: formatNumber(props.total) })}</p>
      )}
    </section>
  );
}

function requestsCsv(requests: Request[]): string {
  return toCsv([
    [t('csvId'), t('csvStatus'), t('csvDue'), t('csvOverdue'), t('csvRequesters'), t('csvAddressee'), t('csvTargets'), t('message')],
    ...requests.map((r) => [
      r.id,
      t(`status${r.status}` as const),
      r.dueDate,
      r.overdue ? t('overdue') : '',
      r.requesters.map((a) => a.name).join('；'),
      r.addressee.name,
      [...r.targets.map((x) => `${x.enterprise.name}（${x.component.name}）`), ...r.restrictionTargets.map((x) => `${x.restriction.id}（${x.component.name}）`)].join('；'),
      r.message,
    ]),
  ]);
}

function RequestItem(props: { request: Request; onChange: (r: Request) => void; onError: (m: string) => void }) {
  const r = props.request;
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (kind: RequestTransition) => {
    setBusy(true);
    try {
      props.onChange(await transition(kind, r.id, reason));
    } catch (e) {
      props.onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li data-request={r.id} class="request">
      <h3>
        {r.id} · <span class="status">{t(`status${r.status}` as const)}</span> · {t('due', { date: formatDate(r.dueDate) })}
        {r.overdue && <strong class="overdue"> · {t('overdue')}</strong>}
      </h3>
      <p>
        {r.requesters.map((a) => a.name).join('、')} → {r.addressee.name}
        {r.copied.length > 0 && ` · ${t('copied')}: ${r.copied.map((a) => a.name).join('、')}`}
      </p>
      {r.targets.length > 0 && <p>{r.targets.map((x) => `${x.enterprise.name}（${x.component.name}）`).join('、')}</p>}
      {r.restrictionTargets.length > 0 && (
        <ul class="restriction-targets" aria-label={t('restrictionsToLift')}>
          {r.restrictionTargets.map((x) => (
            <li key={`${x.restriction.id}-${x.component.id}`} data-restriction={x.restriction.id}>
              {t('liftRestriction', { id: x.restriction.id, scope: restrictionScope(x.restriction), period: restrictionPeriod(x.restriction) })}（{x.component.name}）
            </li>
          ))}
        </ul>
      )}
      <p class="message">{r.message}</p>
      <details open>
        <summary>{t('events')}</summary>
        <ol class="events">
          {r.events.map((e) => (
            <li key={e.seq} data-kind={e.kind}>
              {formatDateTime(e.at)} · {t(`event${e.kind}` as const)} · {e.agency?.name ?? e.actor}
              {e.note && ` · ${e.note}`}
            </li>
          ))}
        </ol>
      </details>
      {r.availableTransitions.length > 0 && (
        <div class="actions">
          {r.availableTransitions.includes('REJECT') && (
            <label>
              {t('reason')} <input value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
            </label>
          )}
          {r.availableTransitions.map((kind) => (
            <button key={kind} type="button" disabled={busy || (kind === 'REJECT' && !reason.trim())} onClick={() => act(kind)}>
              {t(`transition${kind}` as const)}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}
