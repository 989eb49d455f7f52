/**
 * Mutual aid: the agency's help requests and offers, who could help a
 * request (open offers nearest first, then able makers that do not supply
 * the plant yet), a loan agreed from a match by the lender's side, and the
 * loans with their returns. Every button is one the server says this user
 * may press (`mayWithdraw`, `mayLend`, `mayRecordReturn`); the lists are
 * asked again when the agency's live aid inbox reports a change.
 */
import { useEffect, useState } from 'preact/hooks';
import { client, describe, mutate, query } from './api.ts';
import { save, toCsv } from './download.ts';
import {
  AgreeLoanDocument,
  AidDocument,
  AidInboxDocument,
  HelpMatchesDocument,
  RecordLoanReturnDocument,
  WithdrawHelpOfferDocument,
  WithdrawHelpRequestDocument,
  type AidEnterpriseFieldsFragment,
  type AidQuery,
  type HelpMatchesQuery,
  type HelpOfferFieldsFragment,
  type HelpRequestFieldsFragment,
  type LoanFieldsFragment,
  type LoanFilter,
  type MeQuery,
} from './generated.ts';
import { formatDate, formatNumber, t } from './i18n.ts';
import { ErrorLine } from './ErrorLine.tsx';

type LoanChoice = 'open' | 'overdue' | 'all';

/** A fresh idempotency key per loan form: pressing again (or a retried request) agrees one loan, not two. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `explorer-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Days from `from` to `to` (both `YYYY-MM-DD`). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Says when a list shows only its first page (the page asks for 50 of each). */
function More(props: { shown: number; total: number }) {
  return props.total > props.shown ? <p class="muted">{t('firstOf', { shown: formatNumber(props.shown), total: formatNumber(props.total) })}</p> : null;
}

const place = (e: AidEnterpriseFieldsFragment) => `${e.region.parent?.name ?? ''}${e.region.name}`;

export function AidView(props: { me: MeQuery['me'] }) {
  const [mine, setMine] = useState(props.me.role !== 'ADMIN');
  const [openOnly, setOpenOnly] = useState(true);
  const [loanChoice, setLoanChoice] = useState<LoanChoice>('open');
  const [data, setData] = useState<AidQuery | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [heard, setHeard] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [matching, setMatching] = useState<string | null>(null);
  const agencyId = props.me.agencyId;

  useEffect(() => {
    const postings = { ...(mine ? { agencyId } : {}), ...(openOnly ? { open: true } : {}) };
    const loans: LoanFilter = { ...(mine ? { agencyId } : {}), ...(loanChoice === 'open' ? { open: true } : loanChoice === 'overdue' ? { overdue: true } : {}) };
    let gone = false;
    query(AidDocument, { postings, loans }).then(
      (answer) => !gone && (setData(answer), setError(null)),
      (e: Error) => !gone && setError(e.message),
    );
    return () => {
      gone = true;
    };
  }, [mine, openOnly, loanChoice, version, agencyId]);

  // The agency's aid inbox: any change by anyone to a posting or loan it governs asks for the lists again.
  useEffect(() => {
    const subscription = client.subscription(AidInboxDocument, { agencyId }).subscribe((result) => {
      if (result.error) return setError(describe(result.error).message);
      const notice = result.data?.aidEvents;
      if (!notice) return;
      const subject = notice.helpRequest?.id ?? notice.helpOffer?.id ?? notice.loan?.id ?? '';
      setHeard(t('aidEventArrived', { id: subject, kind: t(`aidEvent${notice.event.kind}` as const), agency: notice.event.agency?.name ?? notice.event.agencyId }));
      setVersion((v) => v + 1);
    });
    return () => subscription.unsubscribe();
  }, [agencyId]);

  const changed = (message: string) => (setNotice(message), setError(null), setVersion((v) => v + 1));

  return (
    <section class="aid" aria-labelledby="aid-heading">
      <h2 id="aid-heading">{t('aidHeading')}</h2>
      <form class="filters" aria-label={t('filters')} onSubmit={(e) => e.preventDefault()}>
        <label class="check">
          <input type="checkbox" checked={mine} onChange={(e) => setMine((e.target as HTMLInputElement).checked)} /> {t('onlyMine', { agency: props.me.agency?.name ?? agencyId })}
        </label>
        <label class="check">
          <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly((e.target as HTMLInputElement).checked)} /> {t('aidOpenOnly')}
        </label>
      </form>
      <ErrorLine error={error} />
      <p role="status" class="muted" data-testid="aid-notice">
        {notice}
      </p>
      <p role="status" class="muted" data-testid="aid-live">
        {heard}
      </p>
      {data === null ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : (
        <>
          <section aria-labelledby="help-requests-heading" data-testid="help-requests">
            <h3 id="help-requests-heading">{t('helpRequestsHeading', { n: data.helpRequests.totalCount })}</h3>
            {data.helpRequests.nodes.length === 0 ? (
              <p class="muted">{t('noHelpRequests')}</p>
            ) : (
              <ul class="requests">
                {data.helpRequests.nodes.map((r) => (
                  <HelpRequestItem
                    key={r.id}
                    request={r}
                    matching={matching === r.id}
                    onMatches={() => setMatching(matching === r.id ? null : r.id)}
                    onChange={changed}
                    onError={setError}
                  />
                ))}
              </ul>
            )}
            <More shown={data.helpRequests.nodes.length} total={data.helpRequests.totalCount} />
          </section>
          <section aria-labelledby="help-offers-heading" data-testid="help-offers">
            <h3 id="help-offers-heading">{t('helpOffersHeading', { n: data.helpOffers.totalCount })}</h3>
            {data.helpOffers.nodes.length === 0 ? (
              <p class="muted">{t('noHelpOffers')}</p>
            ) : (
              <ul class="requests">
                {data.helpOffers.nodes.map((o) => (
                  <li key={o.id} class="request" data-offer={o.id}>
                    <OfferLine offer={o} />
                    {o.mayWithdraw && (
                      <div class="actions">
                        <Act label={t('withdrawOffer')} onError={setError} run={async () => changed(t('offerWithdrawn', { id: (await mutate(WithdrawHelpOfferDocument, { id: o.id })).withdrawHelpOffer.id }))} />
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <More shown={data.helpOffers.nodes.length} total={data.helpOffers.totalCount} />
          </section>
          <LoansSection loans={data.loans} choice={loanChoice} onChoice={setLoanChoice} onChange={changed} onError={setError} />
        </>
      )}
    </section>
  );
}

/** A button that runs one mutation, disabled while it runs; a refusal goes to the panel's alert. */
function Act(props: { label: string; run: () => Promise<void>; onError: (m: string) => void; disabled?: boolean }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy || props.disabled}
      onClick={async () => {
        setBusy(true);
        try {
          await props.run();
        } catch (e) {
          props.onError((e as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      {props.label}
    </button>
  );
}

function OfferLine(props: { offer: HelpOfferFieldsFragment }) {
  const o = props.offer;
  return (
    <>
      <h4>
        {o.id} · {o.enterprise.name}（{place(o.enterprise)}） · <span class="status">{o.open ? t('aidOpen') : o.withdrawnOn ? t('aidWithdrawnOn', { date: formatDate(o.withdrawnOn) }) : t('offerLapsed')}</span>
      </h4>
      <p>
        {t('aidSpare', { component: o.component.name, quantity: formatNumber(o.quantity), unit: o.unit })} · {t('availableUntil', { date: formatDate(o.availableUntil) })}
      </p>
      {o.note && <p class="message">{o.note}</p>}
    </>
  );
}

function HelpRequestItem(props: { request: HelpRequestFieldsFragment; matching: boolean; onMatches: () => void; onChange: (m: string) => void; onError: (m: string) => void }) {
  const r = props.request;
  return (
    <li class="request" data-help-request={r.id}>
      <h4>
        {r.id} · {r.enterprise.name}（{place(r.enterprise)}） · <span class="status">{r.open ? t('aidOpen') : t('aidWithdrawnOn', { date: formatDate(r.withdrawnOn ?? '') })}</span>
      </h4>
      <p>
        {t('aidNeeds', { component: r.component.name, quantity: formatNumber(r.quantity), unit: r.unit })} · {t('neededBy', { date: formatDate(r.neededBy) })}
        {r.loans.length > 0 && ` · ${t('loansAgreedOn', { list: r.loans.map((l) => l.id).join('、') })}`}
      </p>
      {r.note && <p class="message">{r.note}</p>}
      <div class="actions">
        {r.open && (
          <button type="button" aria-expanded={props.matching} onClick={props.onMatches}>
            {t('showMatches')}
          </button>
        )}
        {r.mayWithdraw && (
          <Act label={t('withdrawHelpRequest')} onError={props.onError} run={async () => props.onChange(t('helpRequestWithdrawn', { id: (await mutate(WithdrawHelpRequestDocument, { id: r.id })).withdrawHelpRequest.id }))} />
        )}
      </div>
      {props.matching && <Matches requestId={r.id} onChange={props.onChange} onError={props.onError} />}
    </li>
  );
}

function Matches(props: { requestId: string; onChange: (m: string) => void; onError: (m: string) => void }) {
  const [matches, setMatches] = useState<HelpMatchesQuery['helpMatches'] | null>(null);
  const [lending, setLending] = useState<string | null>(null);
  useEffect(() => {
    query(HelpMatchesDocument, { requestId: props.requestId }).then(
      (data) => setMatches(data.helpMatches),
      (e: Error) => props.onError(e.message),
    );
  }, [props.requestId]);
  if (!matches) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <div class="matches" data-testid="help-matches">
      <h5>{t('matchOffers', { date: formatDate(matches.asOf) })}</h5>
      {matches.offers.length === 0 ? (
        <p class="muted">{t('noMatchingOffers')}</p>
      ) : (
        <ol>
          {matches.offers.map((o) => (
            <li key={o.id} data-offer={o.id}>
              <OfferLine offer={o} />
              {o.mayLend && (
                <button type="button" aria-expanded={lending === o.id} onClick={() => setLending(lending === o.id ? null : o.id)}>
                  {t('lendFromOffer')}
                </button>
              )}
              {lending === o.id && <LoanForm request={matches.request} offer={o} asOf={matches.asOf} onChange={props.onChange} onError={props.onError} />}
            </li>
          ))}
        </ol>
      )}
      <h5>{t('matchMakers')}</h5>
      {matches.alternatives.length === 0 ? (
        <p class="muted">{t('noMatchingMakers')}</p>
      ) : (
        <ul data-testid="help-alternatives">
          {matches.alternatives.map((e) => (
            <li key={e.id} data-id={e.id}>
              {e.name}（{place(e)}）
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The loan the lender's side agrees from an offer: quantity, days covered and dates prefilled from the request and offer, all editable. */
function LoanForm(props: { request: HelpRequestFieldsFragment; offer: HelpOfferFieldsFragment; asOf: string; onChange: (m: string) => void; onError: (m: string) => void }) {
  const { request, offer } = props;
  const [quantity, setQuantity] = useState(String(Math.min(request.quantity, offer.quantity)));
  const [start, setStart] = useState(props.asOf);
  const [returnBy, setReturnBy] = useState(offer.availableUntil);
  const [coverDays, setCoverDays] = useState(String(Math.max(1, daysBetween(props.asOf, offer.availableUntil))));
  const [key] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const field = (label: string, value: string, set: (v: string) => void, type: 'number' | 'date') => (
    <label>
      {label} <input type={type} required value={value} min={type === 'number' ? 1 : undefined} onInput={(e) => set((e.target as HTMLInputElement).value)} />
    </label>
  );
  return (
    <form
      class="loan-form"
      aria-label={t('loanFormLabel', { offer: offer.id, request: request.id })}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
          const input = { requestId: request.id, offerId: offer.id, quantity: Number(quantity), coverDays: Number(coverDays), start, returnBy, idempotencyKey: key };
          const answer = (await mutate(AgreeLoanDocument, { input })).agreeLoan;
          props.onChange(t('loanAgreed', { id: answer.loan.id, quantity: formatNumber(answer.loan.quantity), unit: answer.loan.unit, borrower: answer.loan.borrower.name }));
        } catch (error) {
          props.onError((error as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      {field(t('loanQuantity', { unit: offer.unit }), quantity, setQuantity, 'number')}
      {field(t('loanCoverDays'), coverDays, setCoverDays, 'number')}
      {field(t('loanStart'), start, setStart, 'date')}
      {field(t('loanReturnBy'), returnBy, setReturnBy, 'date')}
      <button type="submit" disabled={busy}>
        {t('agreeLoan')}
      </button>
    </form>
  );
}

function loansCsv(loans: LoanFieldsFragment[]): string {
  return toCsv([
    [t('csvId'), t('loanLender'), t('loanBorrower'), t('component'), t('loanQuantity', { unit: '' }), t('loanStart'), t('loanReturnBy'), t('loanReturnedOn'), t('csvOverdue')],
    ...loans.map((l) => [l.id, l.lender.name, l.borrower.name, l.component.name, `${l.quantity} ${l.unit}`, l.start, l.returnBy, l.returnedOn ?? '', l.overdue ? t('overdue') : '']),
  ]);
}

function LoansSection(props: {
  loans: AidQuery['loans'];
  choice: LoanChoice;
  onChoice: (c: LoanChoice) => void;
  onChange: (m: string) => void;
  onError: (m: string) => void;
}) {
  return (
    <section aria-labelledby="loans-heading" data-testid="loans">
      <h3 id="loans-heading">{t('loansHeading', { n: props.loans.totalCount })}</h3>
      <p>
        <label>
          {t('loansShow')}{' '}
          <select value={props.choice} onChange={(e) => props.onChoice((e.target as HTMLSelectElement).value as LoanChoice)}>
            <option value="open">{t('loansOpen')}</option>
            <option value="overdue">{t('loansOverdue')}</option>
            <option value="all">{t('all')}</option>
          </select>
        </label>{' '}
        {props.loans.nodes.length > 0 && (
          <button type="button" onClick={() => save('loans.csv', loansCsv(props.loans.nodes))}>
            {t('exportCsv')}
          </button>
        )}
      </p>
      {props.loans.nodes.length === 0 ? (
        <p class="muted">{t('noLoans')}</p>
      ) : (
        <ul class="requests">
          {props.loans.nodes.map((l) => (
            <LoanItem key={l.id} loan={l} onChange={props.onChange} onError={props.onError} />
          ))}
        </ul>
      )}
      <More shown={props.loans.nodes.length} total={props.loans.totalCount} />
    </section>
  );
}

function LoanItem(props: { loan: LoanFieldsFragment; onChange: (m: string) => void; onError: (m: string) => void }) {
  const l = props.loan;
  const [on, setOn] = useState('');
  return (
    <li class="request" data-loan={l.id}>
      <h4>
        {l.id} · {l.lender.name} → {l.borrower.name} · <span class="status">{l.returnedOn ? t('loanReturnedOnDate', { date: formatDate(l.returnedOn) }) : l.inForce ? t('loanInForce') : t('loanNotInForce')}</span>
        {l.overdue && <strong class="overdue"> · {t('overdue')}</strong>}
      </h4>
      <p>
        {t('aidLent', { component: l.component.name, quantity: formatNumber(l.quantity), unit: l.unit })} · {t('loanCovers', { days: l.coverDays, start: formatDate(l.start), end: formatDate(l.endsOn) })} ·{' '}
        {t('loanDue', { date: formatDate(l.returnBy) })}
        {l.request && ` · ${t('loanOnRequest', { request: l.request.id, offer: l.offer?.id ?? '' })}`}
      </p>
      {l.mayRecordReturn && (
        <div class="actions">
          <label>
            {t('loanReturnedOn')} <input type="date" value={on} onInput={(e) => setOn((e.target as HTMLInputElement).value)} />
          </label>
          <Act
            label={t('recordReturn')}
            onError={props.onError}
            run={async () => {
              const returned = (await mutate(RecordLoanReturnDocument, { loanId: l.id, on: on || null })).recordLoanReturn;
              props.onChange(t('loanReturnRecorded', { id: returned.id, date: formatDate(returned.returnedOn ?? '') }));
            }}
          />
        </div>
      )}
    </li>
  );
}
