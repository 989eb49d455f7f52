/**
 * A one-page printable brief of a plant, for a bureau's file or a meeting:
 * whether it can restart and the expected ready date, what blocks it (inputs,
 * root causes, restrictions), who should ask whom, and what changes if a root
 * cause resumes on a chosen date. That last answer is the API's impact of the
 * root cause judged on that date: whom counting it OPERATING then frees, the
 * other enterprises as they stand. The print stylesheet leaves out the page's
 * controls, so what prints is the brief alone.
 */
import { useEffect, useState } from 'preact/hooks';
import { query } from './api.ts';
import { REASON_KEYS } from './Explore.tsx';
import { PlantDocument, WhatIfDocument, type PlantQuery, type WhatIfQuery } from './generated.ts';
import { formatDate, formatNumber, t } from './i18n.ts';
import { restrictionPeriod, restrictionScope } from './restrictions.ts';
import { ErrorLine } from './ErrorLine.tsx';

type Cause = PlantQuery['restartReadiness']['rootCauses'][number];

const agencyName = (a: { name: string } | null) => a?.name ?? t('unknownAgency');

export function Brief(props: { id: string; onClose: () => void }) {
  const [plant, setPlant] = useState<PlantQuery | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    query(PlantDocument, { id: props.id }).then(
      (data) => {
        if (gone) return;
        if (!data.enterprise) setError(t('notFound', { id: props.id }));
        else setPlant(data);
      },
      (e: Error) => !gone && setError(e.message),
    );
    return () => {
      gone = true;
    };
  }, [props.id]);

  const toolbar = (
    <p class="no-print toolbar">
      <button type="button" onClick={props.onClose}>
        {t('closeBrief')}
      </button>{' '}
      <button type="button" onClick={() => window.print()} disabled={!plant}>
        {t('printBrief')}
      </button>
    </p>
  );
  if (error)
    return (
      <>
        {toolbar}
        <p role="alert" class="error">
          {error}
        </p>
      </>
    );
  if (!plant || !plant.enterprise)
    return (
      <>
        {toolbar}
        <p aria-busy="true">{t('loading')}</p>
      </>
    );
  const e = plant.enterprise;
  const r = plant.restartReadiness;
  return (
    <>
      {toolbar}
      <article class="brief" aria-labelledby="brief-title" data-testid="brief">
        <h2 id="brief-title">{t('briefTitle', { name: e.name })}</h2>
        <p class="muted">
          {e.region.parent?.name} {e.region.name} · {e.id} · {t(`enterprise${e.status}` as const)} · {t('workforce')} {formatNumber(e.workforce)} · {t('asOf', { date: formatDate(r.asOf) })}
        </p>

        <section aria-labelledby="brief-verdict">
          <h3 id="brief-verdict">{t('briefVerdict')}</h3>
          <p data-testid="brief-verdict">
            <strong>{r.ready ? t('ready') : t('notReady')}</strong> · {r.expectedReadyDate ? t('expectedReady', { date: formatDate(r.expectedReadyDate) }) : t('noExpectedReady')}
          </p>
          {r.atRisk.length > 0 && (
            <ul>
              {r.atRisk.map((x) => (
                <li key={x.component.id}>
                  {x.stockDays !== null && x.coveredUntil !== null
                    ? t('atRiskItem', { component: x.component.name, days: x.stockDays, date: formatDate(x.coveredUntil) })
                    : t('atRiskLoanItem', { component: x.component.name, date: x.loanEndsOn === null ? '—' : formatDate(x.loanEndsOn) })}
                </li>
              ))}
            </ul>
          )}
        </section>

        {!r.ready && (
          <section aria-labelledby="brief-blocks">
            <h3 id="brief-blocks">{t('briefBlocks')}</h3>
            <ul data-testid="brief-blocks">
              {r.blockedInputs.map((b) => (
                <li key={b.component.id}>
                  <strong>{b.component.name}</strong> — {t(REASON_KEYS[b.reason])}
                  {b.alternativeCount > 0 && `；${t('alternatives', { n: b.alternativeCount, list: b.alternatives.map((a) => a.name).join('，') })}`}
                </li>
              ))}
              {r.rootCauses.map((c) => (
                <li key={c.enterprise.id} data-id={c.enterprise.id}>
                  {t('rootCauseAt', { tier: c.tier })}：{c.enterprise.name}（{c.enterprise.region.parent?.name}
                  {c.enterprise.region.name}，{t(`enterprise${c.enterprise.status}` as const)}
                  {c.enterprise.expectedResumeDate && `，${t('expectedResume')} ${formatDate(c.enterprise.expectedResumeDate)}`}）·{' '}
                  {t('path', { path: c.path.map((p) => p.name).join(' → ') })}
                </li>
              ))}
              {r.logisticsRootCauses.map((c) => (
                <li key={`${c.restriction.id}-${c.tier}-${c.path[0]?.id}`} data-restriction={c.restriction.id}>
                  {c.restriction.id}：{restrictionScope(c.restriction)}，{restrictionPeriod(c.restriction)} · {t('tier', { tier: c.tier })} ·{' '}
                  {t('path', { path: c.path.map((p) => p.name).join(' → ') })}
                </li>
              ))}
            </ul>
          </section>
        )}

        {plant.coordinationSuggestions.length > 0 && (
          <section aria-labelledby="brief-route">
            <h3 id="brief-route">{t('whoAsksWhom')}</h3>
            <ul data-testid="brief-route">
              {plant.coordinationSuggestions.map((s) => (
                <li key={s.key}>
                  <span class="route-line">
                    {agencyName(s.originator)} → {agencyName(s.requester)} → {agencyName(s.addressee)}
                  </span>
                  {s.copied.length > 0 && `（${t('copied')}：${s.copied.map((c) => c.name).join('、')}）`} · {t('scope')}：{t(`scope${s.scope}` as const)} ·{' '}
                  {t('priority', { n: s.priority })} · {s.targets.map((x) => x.enterprise.name).join('、')}
                  {s.existingRequest && ` · ${t('existing', { id: s.existingRequest.id, status: t(`status${s.existingRequest.status}` as const) })}`}
                  {s.unroutableRegion && ` · ${t('unroutable', { region: s.unroutableRegion.name })}`}
                </li>
              ))}
            </ul>
          </section>
        )}

        {r.rootCauses.length > 0 && (
          <section aria-labelledby="brief-whatif">
            <h3 id="brief-whatif">{t('briefWhatIf')}</h3>
            <p class="muted">{t('briefWhatIfHint')}</p>
            <ul>
              {r.rootCauses.slice(0, 5).map((c) => (
                <WhatIf key={c.enterprise.id} cause={c} plantId={props.id} asOf={r.asOf} />
              ))}
            </ul>
          </section>
        )}
      </article>
    </>
  );
}

type Answer = { date: string; totalCount: number; workforce: number; freesPlant: boolean };

function WhatIf(props: { cause: Cause; plantId: string; asOf: string }) {
  const dated = props.cause.enterprise.expectedResumeDate;
  const [date, setDate] = useState(dated && dated > props.asOf ? dated : props.asOf);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    let gone = false;
    (async () => {
      // Whether the plant is among those freed: the affected enterprises come by id, a page at a time.
      let after: string | null = null;
      let freesPlant = false;
      let totals: { totalCount: number; workforce: number } | null = null;
      for (;;) {
        const data: WhatIfQuery = await query(WhatIfDocument, { id: props.cause.enterprise.id, asOf: date, after });
        const page = data.impact.enterprises;
        totals = { totalCount: data.impact.totalCount, workforce: data.impact.workforce };
        if (page.nodes.some((n) => n.id === props.plantId)) freesPlant = true;
        if (freesPlant || !page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
        after = page.pageInfo.endCursor;
      }
      if (gone) return;
      setAnswer({ date, ...totals, freesPlant });
      setError(null);
    })().catch((e: Error) => !gone && setError(e.message));
    return () => {
      gone = true;
    };
  }, [date, props.cause.enterprise.id]);

  const name = props.cause.enterprise.name;
  return (
    <li data-id={props.cause.enterprise.id} data-testid="brief-what-if">
      <label class="no-print inline">
        {t('whatIfDate', { name })} <input type="date" value={date} min={props.asOf} onInput={(e) => setDate((e.target as HTMLInputElement).value)} />
      </label>
      <ErrorLine error={error} />
      {answer && (
        <p role="status" class="what-if-answer">
          {t('whatIfAnswer', { name, date: formatDate(answer.date) })}
          {answer.freesPlant ? t('whatIfPlantReady', { date: formatDate(answer.date) }) : t('whatIfPlantStill')}
          {t('whatIfFrees', { n: formatNumber(answer.totalCount), workforce: formatNumber(answer.workforce) })}
        </p>
      )}
    </li>
  );
}
