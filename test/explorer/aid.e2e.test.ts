/**
 * The mutual-aid tab in a real browser on the 2020 seed (today 2020-02-10):
 * Qingyang's coordinator sees the district's help requests, the harness
 * maker's connector offer and the loan already agreed; finds who could help
 * the composite plant, agrees a loan from the offer and records its return,
 * while Qingyang's viewer, offered no button, sees the loan arrive without
 * a reload. A loan larger than the offer is refused in words. Then the
 * mask plant's suggestion asks Wuhou to lift its border check: filed from
 * the band, the restriction is the request's target in the outbox, and
 * Chengdu's inbox page hears the check lifted without a reload.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, SCREENSHOTS, seedInBrowser, seriousViolations } from '../support/browser.ts';

const seed = seedInBrowser('2020-02-10');
/** A change commits with the analysis' lock and is read back: allow for a busy machine. */
const LONG = { timeout: 20_000 };

async function session(userName: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await seed.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const { page, errors } = await openPage(context, seed.server.url);
  await page.getByRole('button', { name: `以 ${userName} 登录` }).click();
  await page.getByTestId('signed-in').waitFor();
  await page.getByRole('tab', { name: '物资互助' }).click();
  await page.getByTestId('help-requests').waitFor();
  return { context, page, errors };
}

describe('the mutual-aid tab on the seed', () => {
  it("lists Qingyang's requests, offer and loan, matches a request, agrees a loan from the offer and records its return, live for the viewer", async () => {
    const coordinator = await session('青羊区新经济和科技局协调员（示例用户）');
    const viewer = await session('青羊区新经济和科技局查看员（示例用户）');
    const { page, errors } = coordinator;

    const requests = page.getByTestId('help-requests');
    expect(await requests.locator('h3').textContent()).toBe('求助（2 条）');
    const composite = requests.locator('li[data-help-request="help-qy-composite-connector"]');
    expect(await composite.textContent()).toContain('需要航空电连接器 400 件');
    expect(await page.getByTestId('help-offers').locator('li[data-offer="offer-qy-harness-connector"]').textContent()).toContain('可借出航空电连接器 600 件');
    const seeded = page.getByTestId('loans').locator('li[data-loan="loan-qy-connector"]');
    expect(await seeded.textContent()).toContain('借用中');
    // The coordinator acts for both sides in Qingyang; the viewer for neither: no button that the server would refuse.
    expect(await composite.getByRole('button', { name: '撤回求助' }).count()).toBe(1);
    expect(await seeded.getByRole('button', { name: '登记归还' }).count()).toBe(1);
    const viewerPage = viewer.page;
    expect(await viewerPage.getByTestId('help-requests').locator('li[data-help-request="help-qy-composite-connector"]').count()).toBe(1);
    expect(await viewerPage.getByRole('button', { name: /撤回|登记归还|据此借出/ }).count()).toBe(0);

    // Who could help: the harness maker's offer, in the same district.
    await composite.getByRole('button', { name: '查看可以帮忙的企业' }).click();
    const matches = composite.getByTestId('help-matches');
    const offer = matches.locator('li[data-offer="offer-qy-harness-connector"]');
    await offer.waitFor();
    expect(await matches.locator('h5').first().textContent()).toBe('可借出的物资（截至 2020年2月10日，由近及远）');
    await offer.getByRole('button', { name: '据此借出' }).click();
    const form = offer.getByRole('form', { name: '从 offer-qy-harness-connector 借给 help-qy-composite-connector' });
    // Prefilled from the request and the offer: the request's 400, handed over today, back by the offer's last day.
    expect(await form.getByLabel('数量（件）').inputValue()).toBe('400');
    expect(await form.getByLabel('交付日期').inputValue()).toBe('2020-02-10');
    expect(await form.getByLabel('归还期限').inputValue()).toBe('2020-02-29');

    // More than the offer holds: refused in words, naming what is available; nothing agreed.
    await form.getByLabel('数量（件）').fill('900');
    await form.getByRole('button', { name: '确认借出' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), LONG).toBe('出错了：input.quantity: 900 is more than help offer offer-qy-harness-connector has available (600 件 of 600, 0 lent in open loans); lend at most that');
    expect(await page.getByTestId('loans').locator('li[data-loan]').count()).toBe(1);

    await form.getByLabel('数量（件）').fill('150');
    await form.getByLabel('可维持天数').fill('10');
    await form.getByRole('button', { name: '确认借出' }).click();
    await expect.poll(() => page.getByTestId('aid-notice').textContent(), LONG).toBe('已借出：LN-000001，150 件 借给成都金沙航空复合材料有限公司。');
    const agreed = page.getByTestId('loans').locator('li[data-loan="LN-000001"]');
    await agreed.waitFor();
    expect(await agreed.textContent()).toContain('维持 10 天（2020年2月10日 起至 2020年2月20日 止，不含）');
    expect(await agreed.textContent()).toContain('求助 help-qy-composite-connector ← offer-qy-harness-connector');

    // The viewer's page hears of it over the live aid inbox and shows the loan, with no reload and still no button.
    await expect.poll(() => viewerPage.getByTestId('aid-live').textContent(), LONG).toBe('新动态：LN-000001 已借出（成都市青羊区新经济和科技局）');
    const seen = viewerPage.getByTestId('loans').locator('li[data-loan="LN-000001"]');
    await seen.waitFor();
    expect(await seen.getByRole('button').count()).toBe(0);

    await page.screenshot({ path: `${SCREENSHOTS}aid.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // Recording the return (today) leaves the open list; "all" shows it returned.
    await agreed.getByRole('button', { name: '登记归还' }).click();
    await expect.poll(() => page.getByTestId('aid-notice').textContent(), LONG).toBe('借用 LN-000001 已登记于 2020年2月10日 归还。');
    await expect.poll(() => page.getByTestId('loans').locator('li[data-loan="LN-000001"]').count(), LONG).toBe(0);
    const show = page.getByTestId('loans').getByLabel('显示');
    await show.selectOption('all');
    await expect.poll(() => page.getByTestId('loans').locator('li[data-loan="LN-000001"]').textContent(), LONG).toContain('已于 2020年2月10日 归还');
    expect(await page.getByTestId('loans').locator('li[data-loan="LN-000001"]').getByRole('button').count()).toBe(0);
    // Nothing is overdue on the seed's day: the seeded loan is due back on 10 March.
    await show.selectOption('overdue');
    await expect.poll(() => page.getByTestId('loans').textContent(), LONG).toContain('没有借用');

    // Withdrawing the mask maker's request takes it off the open list.
    const mask = page.getByTestId('help-requests').locator('li[data-help-request="help-qy-mask-ear-loop"]');
    await mask.getByRole('button', { name: '撤回求助' }).click();
    await expect.poll(() => page.getByTestId('help-requests').locator('h3').textContent(), LONG).toBe('求助（1 条）');

    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByTestId('help-requests').locator('h3').textContent()).toBe('Help requests (1)');

    expect(errors).toEqual([]);
    expect(viewer.errors).toEqual([]);
    await coordinator.context.close();
    await viewer.context.close();
  });
});

describe('restrictions as request targets on the seed', () => {
  it("files the mask plant's request on Wuhou's border check from the band, lists it in the outbox, and hears the check lifted live", async () => {
    const qingyang = await session('青羊区新经济和科技局协调员（示例用户）');
    const chengdu = await session('成都市经济和信息化局查看员（示例用户）');
    const { page, errors } = qingyang;
    await chengdu.page.getByRole('tab', { name: '收件箱与发件箱' }).click();
    const news = chengdu.page.getByTestId('news');
    expect(await news.textContent()).toContain('打开本页后还没有新动态');

    await page.getByRole('tab', { name: '查找企业' }).click();
    await page.getByRole('combobox').fill('草堂');
    await page.getByRole('option', { name: /成都草堂医用防护用品有限公司/ }).click();
    const card = page.getByTestId('route').filter({ has: page.getByTestId('route-restrictions') }).first();
    const border = card.getByTestId('route-restrictions').locator('li[data-restriction="rst-wh-border"]');
    await expect.poll(() => border.textContent(), LONG).toContain('解除物流限制 rst-wh-border：成都市武侯区 进出区运输均受限，2020年2月3日 起至 2020年2月17日 止（不含）');
    expect(await border.textContent()).toContain('耳带');
    expect(await card.getAttribute('aria-label')).toBe('成都市青羊区新经济和科技局 → 成都市青羊区新经济和科技局 → 成都市武侯区新经济和科技局');

    // Two clicks: the message names the restriction and what it interrupts.
    await card.getByRole('button', { name: '发起协调请求' }).click();
    expect(await card.getByLabel('请求内容').inputValue()).toContain('请协调解除物流限制 rst-wh-border（成都市武侯区 进出区运输均受限）');
    await card.getByRole('button', { name: '提交请求' }).click();
    await expect.poll(() => card.getByRole('status').textContent(), LONG).toMatch(/^已提交请求 CR-\d{6}$/);
    const id = /CR-\d{6}/.exec((await card.getByRole('status').textContent()) ?? '')![0];

    await page.getByRole('tab', { name: '收件箱与发件箱' }).click();
    const filed = page.getByTestId('outbox').locator(`li[data-request="${id}"]`);
    await expect.poll(() => page.locator('main').textContent(), LONG).toContain(`${id} · 已提交`);
    // One target per component the check interrupts: the mask plant's ear loops and its weaver's spandex.
    expect(await filed.locator('li[data-restriction="rst-wh-border"]').allTextContents()).toEqual([
      '解除物流限制 rst-wh-border：成都市武侯区 进出区运输均受限，2020年2月3日 起至 2020年2月17日 止（不含）（口罩耳带）',
      '解除物流限制 rst-wh-border：成都市武侯区 进出区运输均受限，2020年2月3日 起至 2020年2月17日 止（不含）（氨纶丝）',
    ]);
    expect(await filed.textContent()).toContain('成都市青羊区新经济和科技局 → 成都市武侯区新经济和科技局');

    // Chengdu's coordinator lifts the check through the API; Chengdu's viewer, on the inbox page, hears it.
    const signIn = await fetch(`${seed.server.url}/explorer/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'user-chengdu-coordinator' }) });
    const { token } = (await signIn.json()) as { token: string };
    const lifted = await fetch(`${seed.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation { liftRestriction(id: "rst-wh-border", on: "2020-02-11") { id until } }' }),
    });
    expect(((await lifted.json()) as { data: unknown }).data).toEqual({ liftRestriction: { id: 'rst-wh-border', until: '2020-02-11' } });
    await expect.poll(() => news.textContent(), LONG).toContain('物流限制 rst-wh-border 已解除：成都市武侯区 进出区运输均受限，2020年2月3日 起至 2020年2月11日 止（不含）（成都市经济和信息化局）');

    await page.screenshot({ path: `${SCREENSHOTS}inbox-restriction.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await seriousViolations(chengdu.page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(chengdu.errors).toEqual([]);
    await qingyang.context.close();
    await chengdu.context.close();
  });
});
