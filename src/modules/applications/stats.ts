/** Resumption statistics from the applications of a region and period, pure. */
import { isOpenApplication, type ApplicationStatus } from './transitions.ts';

export interface StatsRow {
  status: ApplicationStatus;
  workforceReturning: number;
  filedOn: string;
  decidedOn: string | null;
}

export interface ResumptionFigures {
  filed: number;
  approved: number;
  refused: number;
  open: number;
  workforceReturning: number;
  medianDaysToDecision: number | null;
}

const DAY_MS = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The middle value, or the mean of the two middle values of an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function resumptionFigures(rows: readonly StatsRow[]): ResumptionFigures {
  const approved = rows.filter((r) => r.status === 'APPROVED');
  const decided = rows.filter((r) => (r.status === 'APPROVED' || r.status === 'REFUSED') && r.decidedOn !== null);
  return {
    filed: rows.length,
    approved: approved.length,
    refused: rows.filter((r) => r.status === 'REFUSED').length,
    open: rows.filter((r) => isOpenApplication(r.status)).length,
    workforceReturning: approved.reduce((sum, r) => sum + r.workforceReturning, 0),
    medianDaysToDecision: median(decided.map((r) => daysBetween(r.filedOn, r.decidedOn as string))),
  };
}
