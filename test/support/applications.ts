/**
 * A small resumption scenario and the GraphQL documents the application
 * tests share. Qingyang has a small firm (80 staff, nothing blocks it), a
 * large one (300 staff, its input comes from a suspended Binhai supplier)
 * and a spare; Binhai (Tianjin, no district agency) has the supplier and a
 * firm applying on commitment. Qingyang's bureau checks, Chengdu's
 * rechecks, Tianjin's commission does both for Binhai; Mianyang takes no part.
 */
import { A, dataset, MIANYANG_AGENCY, TODAY } from './fixtures.ts';
import type { GraphQLBody } from './graph.ts';

export { A, TODAY };
export const LATER = '2020-02-20';


export function applicationScenario() {
  const data = dataset({
    enterprises: [
      { id: 'ap-qy-small', name: '青羊精密机加厂', region: '510105', status: 'SUSPENDED', workforce: 80 },
      { id: 'ap-qy-large', name: '青羊航空装配厂', region: '510105', status: 'SUSPENDED', workforce: 300 },
      { id: 'ap-qy-spare', name: '青羊电子厂', region: '510105', status: 'SUSPENDED', workforce: 40 },
      { id: 'ap-qy-customer', name: '青羊航空部件厂', region: '510105', status: 'OPERATING', workforce: 120 },
      { id: 'ap-tj-supplier', name: '滨海液压件厂', region: '120116', status: 'SUSPENDED', workforce: 60 },
      { id: 'ap-tj-firm', name: '滨海包装厂', region: '120116', status: 'SUSPENDED', workforce: 50 },
    ],
    components: [{ id: 'ap-part', name: '液压作动筒', category: '航空零部件' }],
    makes: [{ enterprise: 'ap-tj-supplier', component: 'ap-part' }],
    needs: [
      { enterprise: 'ap-qy-large', component: 'ap-part' },
      { enterprise: 'ap-qy-customer', component: 'ap-part' },
    ],
    supplies: [
      { supplier: 'ap-tj-supplier', customer: 'ap-qy-large', component: 'ap-part' },
      { supplier: 'ap-tj-supplier', customer: 'ap-qy-customer', component: 'ap-part' },
    ],
  });
  return { ...data, agencies: [...data.agencies, MIANYANG_AGENCY] };
}

export const APPLICATION_FIELDS = `id status open plannedDate workforceReturning measures commitment documentsDue documentsReceivedOn
  documentsOverdue jointCheck note refusalReason filedOn decidedOn createdAt updatedAt
  enterprise { id status expectedResumeDate } filer { id } districtAgency { id } cityAgency { id }
  events { seq kind actor agencyId agency { id } at note }`;

export const FILE_APPLICATION = `mutation File($input: FileResumptionApplicationInput!) {
  fileResumptionApplication(input: $input) { replayed application { ${APPLICATION_FIELDS} } }
}`;

export const STEP = {
  check: `mutation($id: ID!, $note: String) { startOnSiteCheck(id: $id, note: $note) { ${APPLICATION_FIELDS} } }`,
  recheck: `mutation($id: ID!, $note: String) { requestCityRecheck(id: $id, note: $note) { ${APPLICATION_FIELDS} } }`,
  approve: `mutation($id: ID!, $note: String) { approveApplication(id: $id, note: $note) { ${APPLICATION_FIELDS} } }`,
  refuse: `mutation($id: ID!, $note: String!) { refuseApplication(id: $id, reason: $note) { ${APPLICATION_FIELDS} } }`,
  withdraw: `mutation($id: ID!, $note: String) { withdrawApplication(id: $id, note: $note) { ${APPLICATION_FIELDS} } }`,
  documents: `mutation($id: ID!, $on: Date) { receiveCommitmentDocuments(id: $id, on: $on) { ${APPLICATION_FIELDS} } }`,
} as const;
export type Step = keyof typeof STEP;

export interface ApplicationView {
  id: string;
  status: string;
  open: boolean;
  plannedDate: string;
  workforceReturning: number;
  measures: string[];
  commitment: boolean;
  documentsDue: string | null;
  documentsReceivedOn: string | null;
  documentsOverdue: boolean;
  jointCheck: boolean;
  note: string | null;
  refusalReason: string | null;
  filedOn: string;
  decidedOn: string | null;
  enterprise: { id: string; status: string; expectedResumeDate: string | null };
  filer: { id: string } | null;
  districtAgency: { id: string } | null;
  cityAgency: { id: string } | null;
  events: { seq: number; kind: string; actor: string; agencyId: string; agency: { id: string } | null; at: string; note: string | null }[];
}

export type FileApplicationBody = GraphQLBody<{ fileResumptionApplication: { replayed: boolean; application: ApplicationView } }>;

let keys = 0;
/** The usual filing: the small Qingyang firm, 60 staff back today, ordinary review. */
export function applicationFiling(overrides: Record<string, unknown> = {}) {
  return {
    input: {
      enterpriseId: 'ap-qy-small',
      plannedDate: TODAY,
      workforceReturning: 60,
      measures: ['MASKS', 'TEMPERATURE_CHECKS', 'MASKS'],
      note: '已落实体温检测和口罩发放。',
      idempotencyKey: `app-${process.pid}-${++keys}-${Math.random().toString(36).slice(2)}`,
      ...overrides,
    },
  };
}
