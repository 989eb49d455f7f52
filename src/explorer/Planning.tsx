/**
 * A region's planning panels: the restart plan (which restarts, asked for
 * first, put the most people back to work, each with its route), what stays
 * blocked and why; the readiness timeline as a hand-drawn SVG chart of idled
 * workforce by day, mirrored as a table; and the restrictions on deliveries
 * that concern the region.
 */
import { useEffect, useState } from 'preact/hooks';
import { query } from './api.ts';
import { save, toCsv } from './download.ts';
import { RestartPlanDocument, RestrictionsDocument, TimelineDocument, type RemainingReason, type RestartPlanQuery, type TimelineQuery } from './generated.ts';
import { formatDate, formatNumber, formatShortDate, t, type MessageKey } from './i18n.ts';
import { restrictionPeriod, restrictionScope, type Restriction } from './restrictions.ts';
import { ErrorLine } from './ErrorLine.tsx';

type Plan = RestartPlanQuery['restartPlan'];
type Day = TimelineQuery['readinessTimeline'][number];

const REASONS: Record<RemainingReason, MessageKey> = {
  JOINT_RESTART: 'reasonJointRestart',
  CLOSED_ROOT_CAUSE: 'reasonClosedRootCause',
  NO_SUPPLIER: 'reasonNoSupplierRemaining',
  LOGISTICS_RESTRICTION: 'reasonLogistics',
};

const agencyName = (a: { name: string } | null) => a?.name ?? t('unknownAgency');

export function RestartPlanPanel(props: { code: string; regionName: string; onOpen: (id: string) => void; onPlan?: (plan: Plan) => void }) {
  const [k, setK] = useState(10);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setPlan(null);
    let gone = false;
    query(RestartPlanDocument, { code: props.code, k }).then(
      (data) => {
        if (gone) return;
        setPlan(data.restartPlan);
        setError(null);
        props.onPlan?.(data.restartPlan);
      },
      (e: Error) => !gone && setError(e.message),
    );
    return () => {
      gone = true;
    };
  }, [props.code, k]);

  return (
    <section aria-labelledby="plan-heading" data-testid="restart-plan">
      <h3 id="plan-heading">{t('planHeading', { region: props.regionName })}</h3>
      <p class="muted">{t('planHint')}</p>
      <NumberChoice label={t('planSteps')} value={k} choices={[5, 10, 20, 50]} onChange={setK} />
      <ErrorLine error={error} />
      {!plan ? (
        !error && <p aria-busy="true">{t('loading')}</p>
      ) : (
        <>
          <p>
            {plan.steps.length
              ? t('planSummary', { n: plan.steps.length, workforce: formatNumber(plan.steps.at(-1)!.totalWorkforce), plants: formatNumber(plan.steps.at(-1)!.totalPlants), date: formatDate(plan.asOf) })
              : t('planEmpty', { date: formatDate(plan.asOf) })}{' '}
            {plan.steps.length > 0 && (
              <button
                type="button"
                onClick={() =>
                  save(
                    `${plan.region.code}-restart-plan.csv`,
                    toCsv([
                      [t('csvRank'), t('csvName'), t('csvId'), t('freedWorkforceCsv'), t('freedPlantsCsv'), t('totalWorkforceCsv'), t('scope'), t('requester'), t('addressee')],
                      ...plan.steps.map((s, i) => [
                        i + 1,
                        s.enterprise.name,
                        s.enterprise.id,
                        s.freedWorkforce,
                        s.freedPlantCount,
                        s.totalWorkforce,
                        s.route ? t(`scope${s.route.scope}` as const) : '',
                        s.route ? agencyName(s.route.requester) : '',
                        s.route ? agencyName(s.route.addressee) : '',
                      ]),
                    ]),
                  )
                }
              >
                {t('exportCsv')}
              </button>
            )}
          </p>
          <ol class="plan-steps">
            {plan.steps.map((s, i) => (
              <li key={s.enterprise.id} data-id={s.enterprise.id} class="route-card">
                <h4>
                  {t('planRank', { n: i + 1 })}{' '}
                  <button type="button" class="link" onClick={() => props.onOpen(s.enterprise.id)}>
                    {s.enterprise.name}
                  </button>{' '}
                  <span class="muted">
                    {s.enterprise.region.parent?.name} {s.enterprise.region.name} · {t(`enterprise${s.enterprise.status}` as const)}
                    {s.enterprise.expectedResumeDate && ` · ${t('expectedResume')} ${formatDate(s.enterprise.expectedResumeDate)}`}
                  </span>
                </h4>
                <p class="freed">
                  {t('freed', { workforce: formatNumber(s.freedWorkforce), plants: formatNumber(s.freedPlantCount) })} · {t('runningTotal', { workforce: formatNumber(s.totalWorkforce), plants: formatNumber(s.totalPlants) })}
                </p>
                {s.freedPlants.length > 0 && <p class="muted">{t('freedPlants', { list: s.freedPlants.map((p) => p.name).join('、') })}</p>}
                {s.blockedAnew.length > 0 && <p class="error">{t('blockedAnew', { list: s.blockedAnew.map((p) => p.name).join('、') })}</p>}
                {s.route ? (
                  <>
                    <ol class="band" aria-label={t('whoAsksWhom')}>
                      <li>
                        <span class="role">{t('originator')}</span> {agencyName(s.route.originator)}
                      </li>
                      <li aria-hidden="true">→</li>
                      <li>
                        <span class="role">{t('requester')}</span> {agencyName(s.route.requester)}
                      </li>
                      <li aria-hidden="true">→</li>
                      <li>
                        <span class="role">{t('addressee')}</span> {agencyName(s.route.addressee)}
                      </li>
                      {s.route.copied.length > 0 && (
                        <li>
                          <span class="role">{t('copied')}</span> {s.route.copied.map((c) => c.name).join('、')}
                        </li>
                      )}
                    </ol>
                    <p class="muted">
                      {t('scope')}: {t(`scope${s.route.scope}` as const)}
                      {s.route.unroutableRegion && ` · ${t('unroutable', { region: s.route.unroutableRegion.name })}`}
                    </p>
                  </>
                ) : (
                  <p class="muted">{t('noRoute')}</p>
                )}
              </li>
            ))}
          </ol>
          <h4 id="remaining-heading">{t('remainingHeading', { n: formatNumber(plan.remaining.totalCount) })}</h4>
          <ul aria-labelledby="remaining-heading" data-testid="remaining">
            {plan.remaining.nodes.map((r) => (
              <li key={r.enterprise.id} data-id={r.enterprise.id}>
                <button type="button" class="link" onClick={() => props.onOpen(r.enterprise.id)}>
                  {r.enterprise.name}
                </button>{' '}
                <span class="muted">
                  {r.enterprise.region.parent?.name} {r.enterprise.region.name} · {t('workforce')} {formatNumber(r.enterprise.workforce)} ·{' '}
                  {r.reasons.length ? r.reasons.map((reason) => t(REASONS[reason])).join('；') : t('reasonMoreSteps')}
                </span>
              </li>
            ))}
          </ul>
          {plan.remaining.totalCount > plan.remaining.nodes.length && (
            <p class="muted">{t('firstOf', { shown: formatNumber(plan.remaining.nodes.length), total: formatNumber(plan.remaining.totalCount) })}</p>
          )}
        </>
      )}
    </section>
  );
}

const CHART = { width: 720, height: 240, left: 64, right: 12, top: 28, bottom: 40 };

/** The timeline's days, each with the change of idled workforce from the day before. */
function withChange(days: readonly Day[]): (Day & { change: number })[] {
  return days.map((d, i) => ({ ...d, change: i === 0 ? 0 : d.blockedWorkforce - (days[i - 1] as Day).blockedWorkforce }));
}

export function TimelinePanel(props: { code: string; regionName: string; resuming: ReadonlyMap<string, string[]> }) {
  const [days, setDays] = useState(30);
  const [timeline, setTimeline] = useState<Day[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setTimeline(null);
    let gone = false;
    query(TimelineDocument, { code: props.code, days }).then(
      (data) => !gone && (setTimeline(data.readinessTimeline), setError(null)),
      (e: Error) => !gone && setError(e.message),
    );
    return () => {
      gone = true;
    };
  }, [props.code, days]);

  const rows = timeline ? withChange(timeline) : [];
  const max = Math.max(1, ...rows.map((d) => d.blockedWorkforce));
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const barWidth = rows.length ? plotWidth / rows.length : 0;
  const y = (value: number) => CHART.top + plotHeight * (1 - value / max);
  const ticks = [0, 0.5, 1].map((f) => Math.round(max * f));
  const first = rows[0];
  const last = rows.at(-1);
  return (
    <section aria-labelledby="timeline-heading" data-testid="timeline">
      <h3 id="timeline-heading">{t('timelineHeading', { region: props.regionName })}</h3>
      <p class="muted">{t('timelineHint')}</p>
      <NumberChoice label={t('timelineDays')} value={days} choices={[14, 30, 60, 120]} onChange={setDays} />
      <ErrorLine error={error} />
      {!timeline ? (
        !error && <p aria-busy="true">{t('loading')}</p>
      ) : (
        first &&
        last && (
          <>
            <svg
              class="chart"
              viewBox={`0 0 ${CHART.width} ${CHART.height}`}
              role="img"
              aria-label={t('timelineSummary', { from: formatDate(first.date), to: formatDate(last.date), start: formatNumber(first.blockedWorkforce), end: formatNumber(last.blockedWorkforce) })}
            >
              {ticks.map((tick) => (
                <g key={tick}>
                  <line x1={CHART.left} x2={CHART.width - CHART.right} y1={y(tick)} y2={y(tick)} stroke="#e0e0e0" />
                  <text x={CHART.left - 6} y={y(tick) + 4} text-anchor="end" font-size="11" fill="#424242">
                    {formatNumber(tick)}
                  </text>
                </g>
              ))}
              {rows.map((d, i) => {
                const x = CHART.left + i * barWidth;
                const top = y(d.blockedWorkforce);
                const names = props.resuming.get(d.date) ?? [];
                return (
                  <g key={d.date} data-date={d.date}>
                    <rect x={x + 1} y={top} width={Math.max(1, barWidth - 2)} height={CHART.top + plotHeight - top} fill={d.change < 0 ? '#ef6c00' : '#c62828'}>
                      <title>{`${formatDate(d.date)}：${t('idled', { n: formatNumber(d.blockedWorkforce) })}${names.length ? `；${t('resumingOn', { list: names.join('、') })}` : ''}`}</title>
                    </rect>
                    {d.change < 0 && (
                      <text x={x + barWidth / 2} y={top - 4} text-anchor="middle" font-size="10" fill="#1b5e20">
                        {formatNumber(d.change)}
                      </text>
                    )}
                    {(i % 7 === 0 || i === rows.length - 1) && (
                      <text x={x + barWidth / 2} y={CHART.height - CHART.bottom + 16} text-anchor="middle" font-size="11" fill="#424242">
                        {formatShortDate(d.date)}
                      </text>
                    )}
                  </g>
                );
              })}
              <text x={CHART.left} y={14} font-size="11" fill="#424242">
                {t('chartAxis')}
              </text>
            </svg>
            <ul class="drops" data-testid="timeline-drops">
              {rows
                .filter((d) => d.change < 0)
                .map((d) => (
                  <li key={d.date} data-date={d.date}>
                    {t('timelineDrop', { date: formatDate(d.date), n: formatNumber(-d.change), left: formatNumber(d.blockedWorkforce) })}
                    {(props.resuming.get(d.date) ?? []).length > 0 && ` ${t('resumingOn', { list: props.resuming.get(d.date)!.join('、') })}`}
                  </li>
                ))}
            </ul>
            <details>
              <summary>{t('timelineTable')}</summary>
              <table class="timeline-table">
                <thead>
                  <tr>
                    <th scope="col">{t('date')}</th>
                    <th scope="col">{t('blockedPlants')}</th>
                    <th scope="col">{t('blockedWorkforce')}</th>
                    <th scope="col">{t('change')}</th>
                    <th scope="col">{t('atWorkPlants')}</th>
                    <th scope="col">{t('atWorkWorkforce')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => (
                    <tr key={d.date} data-date={d.date} data-blocked-workforce={d.blockedWorkforce}>
                      <th scope="row">{formatDate(d.date)}</th>
                      <td>{formatNumber(d.blockedCount)}</td>
                      <td>{formatNumber(d.blockedWorkforce)}</td>
                      <td>{d.change ? formatNumber(d.change) : ''}</td>
                      <td>{formatNumber(d.atWorkCount)}</td>
                      <td>{formatNumber(d.atWorkWorkforce)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        )
      )}
    </section>
  );
}

export function RestrictionsPanel(props: { code: string; regionName: string }) {
  const [list, setList] = useState<{ totalCount: number; nodes: Restriction[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setList(null);
    let gone = false;
    query(RestrictionsDocument, { code: props.code, first: 200 }).then(
      (data) => !gone && (setList(data.restrictions), setError(null)),
      (e: Error) => !gone && setError(e.message),
    );
    return () => {
      gone = true;
    };
  }, [props.code]);
  return (
    <section aria-labelledby="restrictions-heading" data-testid="restrictions">
      <h3 id="restrictions-heading">{t('restrictionsHeading', { region: props.regionName })}</h3>
      <ErrorLine error={error} />
      {!list ? (
        !error && <p aria-busy="true">{t('loading')}</p>
      ) : list.nodes.length === 0 ? (
        <p class="muted">{t('noRestrictions')}</p>
      ) : (
        <ul>
          {list.nodes.map((r) => (
            <li key={r.id} data-restriction={r.id} class={r.inForce ? 'in-force' : undefined}>
              <strong>{r.id}</strong> · {restrictionScope(r)} · {restrictionPeriod(r)} · {r.inForce ? <strong class="badge">{t('inForce')}</strong> : t('notInForce')}
              {r.note && <div class="muted">{r.note}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A labelled choice among a few numbers (steps of a plan, days of a timeline). */
function NumberChoice(props: { label: string; value: number; choices: readonly number[]; onChange: (n: number) => void }) {
  return (
    <label class="inline">
      {props.label}{' '}
      <select value={String(props.value)} onChange={(e) => props.onChange(Number((e.target as HTMLSelectElement).value))}>
        {props.choices.map((n) => (
          <option key={n} value={String(n)}>
            {formatNumber(n)}
          </option>
        ))}
      </select>
    </label>
  );
}
