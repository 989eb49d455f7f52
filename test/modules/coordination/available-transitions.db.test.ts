/**
 * `availableTransitions`: each caller is offered exactly the steps the
 * server would accept from them, as the status moves on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, emptyGraph, type TestApp } from '../../support/graph.ts';
import { A, as, CHANGE, coordinationScenario, FILE, filing, TODAY, type FileBody } from '../../support/coordination.ts';

const OFFERED = `query($id: ID!) { coordinationRequest(id: $id) { status availableTransitions } }`;

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ today: TODAY });
  await emptyGraph(app.db);
  expect((await app.datasets.load(coordinationScenario())).problems).toEqual([]);
});

afterAll(() => app.close());

async function offered(token: string, id: string): Promise<string[]> {
  const body = await app.graphqlAs<{ coordinationRequest: { availableTransitions: string[] } }>(token, OFFERED, { id });
  expect(body.errors).toBeUndefined();
  return body.data!.coordinationRequest.availableTransitions;
}

describe('availableTransitions', () => {
  it('offers the addressee its answers and the requester the withdrawal, a viewer or bystander nothing, and nothing once final', async () => {
    const chengdu = await as(A.chengdu, 'COORDINATOR');
    const tianjin = await as(A.tianjin, 'COORDINATOR');
    const tianjinViewer = await as(A.tianjin, 'VIEWER');
    const sichuan = await as(A.sichuan, 'COORDINATOR');
    const filed = (await app.graphqlAs(chengdu, FILE, filing())) as FileBody;
    const id = filed.data!.fileCoordinationRequest.request.id;

    expect(await offered(tianjin, id)).toEqual(['ACKNOWLEDGE', 'REJECT']);
    expect(await offered(chengdu, id)).toEqual(['WITHDRAW']);
    expect(await offered(tianjinViewer, id)).toEqual([]);
    expect(await offered(sichuan, id)).toEqual([]);

    // What is offered is what the server accepts.
    expect((await app.graphqlAs(tianjin, CHANGE.acknowledge, { id })).errors).toBeUndefined();
    expect(await offered(tianjin, id)).toEqual(['START', 'REJECT']);
    expect((await app.graphqlAs(chengdu, CHANGE.withdraw, { id })).errors).toBeUndefined();
    expect(await offered(tianjin, id)).toEqual([]);
    expect(await offered(chengdu, id)).toEqual([]);
  });
});
