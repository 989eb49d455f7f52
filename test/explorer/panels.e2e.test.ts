/**
 * The explorer's planning and review panels in a real browser on the 2020
 * seed (today 2020-02-10): the restart plan and the readiness timeline of a
 * region, the restrictions on deliveries on the map, the list and the chain,
 * the reviewer's queue of resumption applications, and the printable brief.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, SCREENSHOTS, seedInBrowser, seriousViolations } from '../support/browser.ts';

const seed = seedInBrowser('2020-02-10');

async function session(userName: string, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await seed.browser.newContext({ viewport, locale: 'zh-CN' });
  const { page, errors } = await openPage(context, seed.server.url);
  await page.getByRole('button', { name: `以 ${userName} 登录` }).click();
  await page.getByTestId('signed-in').waitFor();
  return { context, page, errors };
}

/** The region tab, Sichuan's tile, then down the tree through the names given. */
async function openRegion(page: Page, ...names: string[]): Promise<void> {
  await page.getByRole('tab', { name: '地区' }).click();
  const sichuan = page.locator('g[data-code="510000"]');
  await expect.poll(() => sichuan.getAttribute('role'), { timeout: 30_000 }).toBe('button');
  await sichuan.click();
  for (const name of names) {
    await page.getByRole('navigation', { name: '地区目录' }).getByRole('button', { name, exact: true }).click();
    await expect.poll(() => page.getByTestId('restart-plan').locator('h3').textContent(), { timeout: 10_000 }).toBe(`${name}复工计划`);
  }
}

const number = (text: string | null) => Number((text ?? '').replace(/[^\d-]/g, ''));

describe('the planning panels on the seed', () => {
  it("ranks Chengdu's restart plan: the Tianjin supplier first, what it frees, and who should ask whom", async () => {
    const { context, page, errors } = await session('成都市经济和信息化局协调员（示例用户）');
    await openRegion(page, '成都市');
    const plan = page.getByTestId('restart-plan');
    const first = plan.locator('ol.plan-steps > li').first();
    await first.waitFor();
    expect(await first.getAttribute('data-id')).toBe('ent-tj-binhai-parts');
    const text = (await first.textContent()) ?? '';
    expect(text).toContain('第 1 步');
    expect(text).toContain('天津滨港航空电子元器件有限公司');
    expect(text).toContain('成都青航精密机械有限公司');
    // Five Qingyang aviation firms' workforce: 320 + 410 + 560 + 350 + 150. The composite plant (280) runs on
    // connectors lent by the supplies group from 2020-02-10, so Binhai's restart frees the other five.
    expect(text).toContain('可使 1,790 名职工、5 家企业复工');
    expect(await first.locator('.band').textContent()).toMatch(/成都市青羊区新经济和科技局.*成都市经济和信息化局.*天津市工业和信息化局/);
    expect(text).toContain('跨省');
    // Each later step adds to the running total.
    const totals = await plan.locator('ol.plan-steps > li .freed').allTextContents();
    const running = totals.map((t) => number(/累计 ([\d,]+) 人/.exec(t)![1]!));
    expect(running).toEqual([...running].sort((a, b) => a - b));
    // What stays blocked says why, and the mask maker's closed ear-loop supplier is among the reasons.
    const remaining = page.getByTestId('remaining');
    expect(await plan.locator('h4', { hasText: '计划之后仍无法复工的企业' }).textContent()).toMatch(/（\d+ 家）/);
    expect((await remaining.locator('li').allTextContents()).every((line) => /须多家根因同时复工|上游有已关闭的企业|有投入品没有任何供应商|物流限制中断供货|再多一步即可/.test(line))).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}restart-plan.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("draws Qingyang's idled workforce by day, dropping on the day the Tianjin supplier is expected back", async () => {
    const { context, page, errors } = await session('青羊区新经济和科技局查看员（示例用户）');
    await openRegion(page, '成都市', '青羊区');
    const timeline = page.getByTestId('timeline');
    const day = (date: string) => timeline.locator(`tr[data-date="${date}"]`);
    await day('2020-02-20').waitFor({ state: 'attached' });
    const before = Number(await day('2020-02-19').getAttribute('data-blocked-workforce'));
    const after = Number(await day('2020-02-20').getAttribute('data-blocked-workforce'));
    expect(after).toBeLessThan(before);
    // Nothing changes between announced dates: the day before equals the first day after the thermometer parts maker (17th) is back.
    expect(Number(await day('2020-02-18').getAttribute('data-blocked-workforce'))).toBe(before);
    const drop = timeline.getByTestId('timeline-drops').locator('li[data-date="2020-02-20"]');
    expect(await drop.textContent()).toContain(`停工职工减少 ${(before - after).toLocaleString('en-US')} 人`);
    expect(await drop.textContent()).toContain('天津滨港航空电子元器件有限公司');
    // The chart has a bar per day and names the range for a screen reader.
    expect(await timeline.locator('svg.chart g[data-date]').count()).toBe(30);
    expect(await timeline.locator('svg.chart').getAttribute('aria-label')).toMatch(/^2020年2月10日 至 2020年3月10日：停工职工从 [\d,]+ 人到 [\d,]+ 人$/);
    // A longer horizon is one pick away, from the keyboard too.
    await timeline.getByLabel('天数').selectOption('60');
    await expect.poll(() => timeline.locator('svg.chart g[data-date]').count()).toBe(60);
    await timeline.locator('svg.chart').screenshot({ path: `${SCREENSHOTS}timeline.png` });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('marks the Sierbang restriction on the tile grid, lists it for Jiangsu, and shows the delivery it cuts on the chain', async () => {
    const { context, page, errors } = await session('系统管理员（示例用户）');
    await page.getByRole('tab', { name: '地区' }).click();
    const jiangsu = page.locator('g[data-code="320000"]');
    await expect.poll(() => jiangsu.getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/^江苏省：停工职工 [\d,]+ 人；物流限制 2 项$/);
    expect(await jiangsu.getAttribute('data-restricted')).toBe('true');
    // Sierbang's district and its EVA delivery to Jinjiang count for Jiangsu, where the supplier is; Wuhou's border check for Sichuan.
    expect(await page.locator('g[data-code="510000"]').getAttribute('data-restricted')).toBe('true');
    expect(await page.locator('g[data-code="440000"]').getAttribute('data-restricted')).toBeNull();
    // From the keyboard: the tile is a button.
    await jiangsu.press('Enter');
    const restriction = page.getByTestId('restrictions').locator('li[data-restriction="rst-lyg-outbound"]');
    await expect.poll(() => restriction.textContent()).toContain('连云港市连云区 出区运输受限');
    const text = (await restriction.textContent()) ?? '';
    expect(text).toContain('2020年2月1日 起至 2020年2月12日 止（不含）');
    expect(text).toContain('执行中');
    expect(text).toContain('斯尔邦');
    expect(await seriousViolations(page)).toEqual([]);

    // The Guanyun latex maker, outside Lianyun, gets butadiene from Sierbang with no stock: the restriction cuts that delivery.
    await page.getByRole('tab', { name: '查找企业' }).click();
    await page.getByRole('combobox').fill('灌河');
    await page.getByRole('option', { name: /连云港灌河胶乳科技有限公司/ }).click();
    const logistics = page.getByTestId('logistics-root-causes').locator('li[data-restriction="rst-lyg-outbound"]').first();
    await expect.poll(() => logistics.textContent(), { timeout: 20_000 }).toContain('江苏斯尔邦石化有限公司 → 连云港灌河胶乳科技有限公司');
    const latex = page.getByTestId('chain-list').locator('li[data-id="ent-lyg-latex"]');
    const cut = latex.locator('span.cut');
    expect(await cut.count()).toBe(1);
    expect(await cut.textContent()).toMatch(/^江苏斯尔邦石化有限公司（.+ · 物流限制 rst-lyg-outbound 中断）$/);
    expect(await page.getByTestId('blocked-inputs').textContent()).toContain('有可供货的供应商，但物流限制中断了供货');
    await page.screenshot({ path: `${SCREENSHOTS}restriction-chain.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("the reviewer's queue", () => {
  it('shows the avionics firm approved but not ready on its planned date with the Binhai root cause, and offers each reviewer exactly their steps', async () => {
    const qingyang = await session('青羊区新经济和科技局协调员（示例用户）');
    const { page } = qingyang;
    await page.getByRole('tab', { name: '复工申请' }).click();
    const queue = page.getByTestId('applications');
    const avionics = queue.locator('li[data-application="app-qy-2020-001"]');
    await avionics.waitFor();
    const text = (await avionics.textContent()) ?? '';
    expect(text).toContain('成都文翁航空电子有限公司');
    expect(await avionics.locator('.status').textContent()).toBe('已批准');
    expect(await avionics.getByTestId('planned-readiness').textContent()).toContain('计划复工日（2020年2月7日）无法复工');
    expect(await avionics.getByTestId('planned-readiness').locator('li[data-id="ent-tj-binhai-parts"]').textContent()).toMatch(
      /^根因 · 第 1 级: 天津滨港航空电子元器件有限公司（天津市滨海新区，停工，预计复工 2020年2月20日）/,
    );
    // A final application offers no step.
    expect(await avionics.locator('.actions').count()).toBe(0);

    // On-site check of a small firm: the district approves or refuses (a reason first), or its side withdraws.
    const thermo = queue.locator('li[data-application="app-qy-2020-007"]');
    expect(await thermo.locator('.actions button').allTextContents()).toEqual(['批准复工', '不予批准', '撤回申请']);
    expect(await thermo.getByRole('button', { name: '不予批准' }).isDisabled()).toBe(true);
    // In city recheck the district may only withdraw: the city decides.
    const tooling = queue.locator('li[data-application="app-qy-2020-009"]');
    expect(await tooling.locator('.actions button').allTextContents()).toEqual(['撤回申请']);
    await page.screenshot({ path: `${SCREENSHOTS}applications.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // Acting updates the list: approved, and no step is left to take.
    await thermo.getByRole('button', { name: '批准复工' }).click();
    await expect.poll(() => thermo.locator('.status').textContent(), { timeout: 30_000 }).toBe('已批准');
    expect(await thermo.locator('.actions').count()).toBe(0);
    expect(await page.getByRole('status').filter({ hasText: 'app-qy-2020-007' }).textContent()).toContain('已批准复工');
    // Filtered to on-site checks, the approved one has left the queue.
    await page.getByLabel('申请状态').selectOption('ON_SITE_CHECK');
    await expect.poll(() => page.getByText('没有符合条件的申请').count(), { timeout: 10_000 }).toBe(1);

    // Chengdu's coordinator, in another browser, decides the recheck.
    const chengdu = await session('成都市经济和信息化局协调员（示例用户）');
    await chengdu.page.getByRole('tab', { name: '复工申请' }).click();
    const recheck = chengdu.page.getByTestId('applications').locator('li[data-application="app-qy-2020-009"]');
    await recheck.waitFor();
    expect(await recheck.locator('.actions button').allTextContents()).toEqual(['批准复工', '不予批准', '撤回申请']);
    await recheck.getByRole('button', { name: '批准复工' }).click();
    await expect.poll(() => recheck.locator('.status').textContent(), { timeout: 30_000 }).toBe('已批准');
    expect(qingyang.errors).toEqual([]);
    expect(chengdu.errors).toEqual([]);
    await qingyang.context.close();
    await chengdu.context.close();
  });
});

describe('the printable brief', () => {
  it('prints one page in Chinese: what blocks the plant, the route, the expected ready date, and what the supplier’s restart on a date changes', async () => {
    const { context, page, errors } = await session('成都市经济和信息化局协调员（示例用户）');
    await page.getByRole('combobox').fill('青航');
    await page.getByRole('option', { name: /成都青航精密机械有限公司/ }).click();
    await page.getByRole('button', { name: '打印简报' }).click();
    const brief = page.getByTestId('brief');
    await brief.waitFor();
    expect(await brief.locator('h2').textContent()).toBe('企业复工简报：成都青航精密机械有限公司');
    expect(await brief.getByTestId('brief-verdict').textContent()).toBe('无法复工 · 预计可复工日期：2020年2月20日');
    expect(await brief.getByTestId('brief-blocks').locator('li[data-id="ent-tj-binhai-parts"]').textContent()).toContain('根因 · 第 1 级：天津滨港航空电子元器件有限公司');
    expect(await brief.getByTestId('brief-route').textContent()).toContain('成都市青羊区新经济和科技局 → 成都市经济和信息化局 → 天津市工业和信息化局');
    const answer = brief.locator('li[data-id="ent-tj-binhai-parts"][data-testid="brief-what-if"] .what-if-answer');
    await expect.poll(() => answer.textContent()).toMatch(/^若 天津滨港航空电子元器件有限公司 于 2020年2月20日 复工：本企业当天即可复工；共 \d+ 家企业可以复工，涉及职工 [\d,]+ 人。$/);
    // Another date, typed: the answer follows it.
    await brief.getByLabel('天津滨港航空电子元器件有限公司 复工日期').fill('2020-02-14');
    await expect.poll(() => answer.textContent()).toContain('于 2020年2月14日 复工：本企业当天即可复工');
    expect(await seriousViolations(page)).toEqual([]);

    // On paper: the brief alone (no header, tabs or controls) on one A4 page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    expect(await brief.getByTestId('brief-route').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await page.screenshot({ path: `${SCREENSHOTS}brief-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: '返回企业页面' }).click();
    await expect.poll(() => page.getByTestId('readiness').textContent()).toContain('无法复工');
    expect(errors).toEqual([]);
    await context.close();
  });
});
