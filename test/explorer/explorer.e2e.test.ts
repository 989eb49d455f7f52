/**
 * The explorer in a real browser on the 2020 seed, as bureau staff use it:
 * Chengdu's coordinator finds a Qingyang aviation firm, sees the Tianjin
 * supplier holding it, sees who should ask whom, files the request; Tianjin's
 * coordinator, in another browser, finds it in the inbox and acknowledges
 * it; Chengdu's outbox shows that without a reload.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, SCREENSHOTS, seedInBrowser, seriousViolations } from '../support/browser.ts';

const seed = seedInBrowser('2020-02-10');

async function signIn(page: Page, userName: string): Promise<void> {
  await page.getByRole('button', { name: `以 ${userName} 登录` }).click();
  await page.getByTestId('signed-in').waitFor();
}

/** The page fits the viewport's width: nothing scrolls sideways. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('the explorer on the seed', () => {
  it('serves the page and its assets itself, and GraphiQL stays at /graphql', async () => {
    const page = await fetch(`${seed.server.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="app">');
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const response = await fetch(`${seed.server.url}${asset}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toContain('immutable');
    }
    // Every asset is local: the page names no other host.
    expect(html).not.toMatch(/https?:\/\//);
    expect(await (await fetch(`${seed.server.url}/graphql`, { headers: { accept: 'text/html' } })).text()).toContain('GraphiQL');
    expect((await fetch(`${seed.server.url}/assets/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('finds the plant, shows what holds it and who asks whom, files the request, and the addressee acknowledges it live', async () => {
    const chengdu = await seed.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', acceptDownloads: true });
    const { page, errors } = await openPage(chengdu, seed.server.url);
    expect(await seriousViolations(page)).toEqual([]);
    await signIn(page, '成都市经济和信息化局协调员（示例用户）');

    // Suggestions as you type, Chinese input.
    await page.getByRole('combobox').fill('青航');
    await page.getByRole('option', { name: /成都青航精密机械有限公司/ }).click();

    const readiness = page.getByTestId('readiness');
    await expect.poll(() => readiness.textContent()).toContain('无法复工');

    // The Tianjin supplier, root cause at tier 1, in the accessible list.
    const list = page.getByTestId('chain-list');
    const tianjin = list.locator('li[data-id="ent-tj-binhai-parts"]');
    await expect.poll(() => tianjin.textContent()).toContain('根因 · 第 1 级');
    expect(await tianjin.textContent()).toContain('停工');
    // Its able supplier is drawn too, checked and found able.
    await expect.poll(() => list.locator('li[data-id="ent-my-alloy"]').textContent()).toContain('运行且可生产');
    expect(await list.locator('li[data-id="ent-qy-aero-precision"]').textContent()).toContain('天津滨港航空电子元器件有限公司（');
    expect(await page.getByTestId('blocked-inputs').textContent()).toContain('天津滨港航空电子元器件有限公司 · 路径：天津滨港航空电子元器件有限公司 → 成都青航精密机械有限公司');

    // The NATIONAL route: Qingyang → Chengdu → Tianjin.
    const route = page.getByTestId('route').filter({ hasText: '跨省' });
    const band = await route.locator('.band').textContent();
    expect(band).toMatch(/成都市青羊区新经济和科技局.*成都市经济和信息化局.*天津市工业和信息化局/);
    await page.screenshot({ path: `${SCREENSHOTS}plant.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // The chain as CSV (with a BOM, for spreadsheet software) and as PNG.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    expect(csvText).toContain('天津滨港航空电子元器件有限公司,ent-tj-binhai-parts,1,停工,天津市 滨海新区,1,');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('ent-qy-aero-precision-chain.png');
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');

    // Expand and undo: the expansion's nodes come and go, the rest stays.
    await list.getByRole('button', { name: '成都青航精密机械有限公司' }).click();
    await page.getByTestId('details').getByRole('button', { name: '展开客户' }).click();
    await list.locator('li[data-id="ent-qy-aero-parts"]').waitFor();
    expect(await list.locator('li').count()).toBe(5);
    await page.getByRole('button', { name: '撤销展开（1）' }).click();
    await expect.poll(() => list.locator('li').count()).toBe(3);
    expect(await list.locator('li[data-id="ent-qy-aero-parts"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: '没有可撤销的展开' }).isDisabled()).toBe(true);

    // Two clicks: open the prefilled form, submit it.
    await route.getByRole('button', { name: '发起协调请求' }).click();
    expect(await route.locator('textarea').inputValue()).toContain('天津滨港航空电子元器件有限公司');
    expect(await route.locator('input[type="date"]').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await route.getByRole('button', { name: '提交请求' }).click();
    await expect.poll(() => route.getByRole('status').textContent()).toMatch(/已提交请求 CR-\d+/);
    const requestId = /CR-\d+/.exec((await route.getByRole('status').textContent()) ?? '')![0];

    await page.getByRole('tab', { name: '收件箱与发件箱' }).click();
    const outboxItem = page.getByTestId('outbox').locator(`li[data-request="${requestId}"]`);
    await expect.poll(() => outboxItem.textContent()).toContain('已提交');
    expect(await outboxItem.getByRole('button', { name: '撤回' }).count()).toBe(1);
    expect(await outboxItem.getByRole('button', { name: '确认收到' }).count()).toBe(0);
    await page.getByText('实时更新已连接').waitFor();

    // Tianjin's coordinator, in a second browser context, on a phone-sized screen.
    const tianjinContext = await seed.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const other = await openPage(tianjinContext, seed.server.url);
    await signIn(other.page, '天津市工业和信息化局协调员（示例用户）');
    await other.page.getByRole('tab', { name: '收件箱与发件箱' }).click();
    const inboxItem = other.page.getByTestId('inbox').locator(`li[data-request="${requestId}"]`);
    await inboxItem.waitFor();
    expect(await inboxItem.getByRole('button', { name: '撤回' }).count()).toBe(0);
    expect(await fitsWidth(other.page)).toBe(true);
    await other.page.screenshot({ path: `${SCREENSHOTS}inbox-phone.png`, fullPage: true });
    await inboxItem.getByRole('button', { name: '确认收到' }).click();
    await expect.poll(() => inboxItem.locator('.status').textContent(), { timeout: 20_000 }).toBe('已确认');

    // Chengdu's outbox, not reloaded, gets the event.
    await expect.poll(() => outboxItem.locator('.status').textContent(), { timeout: 20_000 }).toBe('已确认');
    expect(await outboxItem.locator('li[data-kind="ACKNOWLEDGED"]').textContent()).toContain('天津市工业和信息化局');
    await page.screenshot({ path: `${SCREENSHOTS}outbox.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // English on request.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => outboxItem.locator('.status').textContent()).toBe('acknowledged');
    await page.getByRole('tab', { name: 'Find an enterprise' }).click();
    await page.getByRole('combobox').fill('ent-qy-aero-precision');
    await page.getByRole('option', { name: /ent-qy-aero-precision/ }).click();
    await expect.poll(() => readiness.textContent()).toContain('Cannot restart');
    await expect.poll(() => tianjin.textContent()).toContain('root cause · tier 1');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
    await chengdu.close();
    await tianjinContext.close();
  });

  it('fits a phone screen, answers an id as well as a name, and shows a filed route as filed', async () => {
    const context = await seed.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const { page, errors } = await openPage(context, seed.server.url);
    await signIn(page, '青羊区新经济和科技局查看员（示例用户）');
    await page.getByRole('combobox').fill('ent-tj-binhai-parts');
    await page.getByRole('option', { name: /天津滨港航空电子元器件有限公司/ }).click();
    await page.getByTestId('chain-list').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    // The suspended supplier's downstream impact: the six Qingyang aviation firms its restart frees.
    await page.getByRole('button', { name: '查看它复工后能复工的企业' }).click();
    const impact = page.getByTestId('impact');
    await expect.poll(() => impact.textContent()).toMatch(/它复工后，\d+ 家企业可以复工/);
    expect(await impact.locator('li[data-id="ent-qy-aero-precision"]').count()).toBe(1);
    // The request filed above is named on its route, with where it stands.
    await page.getByRole('combobox').fill('青航');
    await page.getByRole('option', { name: /成都青航精密机械有限公司/ }).click();
    const filed = page.getByTestId('route').filter({ hasText: '跨省' });
    await expect.poll(() => filed.getByRole('status').textContent()).toMatch(/已有请求 CR-\d+（已确认）/);
    // A viewer sees a route but may not file it: the page says whose coordinator does.
    await page.getByRole('combobox').fill('草堂');
    await page.getByRole('option', { name: /成都草堂医用防护用品有限公司/ }).click();
    const route = page.getByTestId('route').first();
    await route.waitFor();
    expect(await route.getByRole('button', { name: '发起协调请求' }).isDisabled()).toBe(true);
    expect(await route.textContent()).toMatch(/须由 .+ 的协调员发起/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks nothing while pinyin is being composed, and suggests once the input method commits the characters', async () => {
    const context = await seed.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const { page, errors } = await openPage(context, seed.server.url);
    await signIn(page, '成都市经济和信息化局协调员（示例用户）');
    const asked: string[] = [];
    // Queries go as GET within the URL's limit, as POST beyond it: either way the search names byName.
    page.on('request', (request) => {
      const url = new URL(request.url());
      const sent = request.postData() ?? url.searchParams.get('query') ?? '';
      if (url.pathname === '/graphql' && sent.includes('byName')) asked.push(`${sent} ${url.searchParams.get('variables') ?? ''}`);
    });
    const input = page.getByRole('combobox');
    await input.focus();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'qing', selectionStart: 4, selectionEnd: 4 });
    await cdp.send('Input.imeSetComposition', { text: 'qinghang', selectionStart: 8, selectionEnd: 8 });
    expect(await input.inputValue()).toBe('qinghang');
    // Well past the pause the search waits for: still nothing asked, nothing suggested.
    await page.waitForTimeout(400);
    expect(asked).toEqual([]);
    expect(await page.locator('#search-suggestions').count()).toBe(0);
    await cdp.send('Input.insertText', { text: '青航' });
    await page.getByRole('option', { name: /成都青航精密机械有限公司/ }).waitFor();
    expect(asked.length).toBe(1);
    expect(asked[0]).toContain('青航');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('picks a province from the tile grid and opens one of its not-ready plants', async () => {
    const context = await seed.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const { page, errors } = await openPage(context, seed.server.url);
    await signIn(page, '系统管理员（示例用户）');
    await page.getByRole('tab', { name: '地区' }).click();
    // Sichuan's tile names its idled workforce once the figures are in (the restrictions it counts: see panels.e2e.test.ts).
    const sichuan = page.locator('g[data-code="510000"]');
    await expect.poll(() => sichuan.getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/^四川省：停工职工 [\d,]+ 人(；物流限制 \d+ 项)?$/);
    expect(await page.locator('g[data-code="650000"]').getAttribute('aria-hidden')).toBe('true');
    await sichuan.click();
    const blocked = page.getByTestId('region-blocked');
    await expect.poll(() => blocked.textContent()).toContain('成都青航精密机械有限公司');
    // Down the tree to Chengdu.
    await page.getByRole('navigation', { name: '地区目录' }).getByRole('button', { name: '成都市' }).click();
    await expect.poll(() => blocked.locator('h3').textContent()).toBe('成都市无法复工的企业');
    await page.screenshot({ path: `${SCREENSHOTS}region.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await blocked.getByRole('button', { name: '成都青航精密机械有限公司' }).click();
    await expect.poll(() => page.getByTestId('readiness').textContent()).toContain('无法复工');
    expect(errors).toEqual([]);
    await context.close();
  });
  it('draws the Tianjin → Sichuan blocking flow on the tile grid and lists it with its plants, workforce and root cause', async () => {
    const context = await seed.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const { page, errors } = await openPage(context, seed.server.url);
    await signIn(page, '系统管理员（示例用户）');
    await page.getByRole('tab', { name: '地区' }).click();
    // The arrow runs from Tianjin's tile to Sichuan's.
    const arrow = page.locator('path.flow[data-from="120000"][data-to="510000"]');
    await arrow.waitFor({ timeout: 30_000 });
    expect(Number(await arrow.getAttribute('stroke-width'))).toBeGreaterThan(1.5);
    // The list says it in words, numbers grouped as the locale writes them.
    const item = page.getByTestId('blocking-flows').locator('li[data-from="120000"][data-to="510000"]');
    const text = (await item.textContent())!;
    expect(text).toMatch(/^天津市 → 四川省：(\d+) 家企业无法复工，停工职工 [\d,]+ 人/);
    // Five plants named, the rest counted.
    const count = Number(/：(\d+) 家/.exec(text)![1]);
    expect(await item.locator('.muted button').count()).toBe(Math.min(5, count));
    if (count > 5) expect(text).toContain(`等 ${count - 5} 家`);
    expect(text).toContain('根因：天津滨港航空电子元器件有限公司');
    expect(text).toContain('成都蜀羽航空机载设备有限公司');
    // Every arrow has its line in the list, and no flow stays inside a province.
    const drawn = await page.locator('path.flow').evaluateAll((paths) => paths.map((p) => `${p.getAttribute('data-from')}→${p.getAttribute('data-to')}`));
    const listed = await page.getByTestId('blocking-flows').locator('li').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-from')}→${li.getAttribute('data-to')}`));
    expect(drawn.sort()).toEqual(listed.sort());
    for (const flow of listed) expect(flow.split('→')[0]).not.toBe(flow.split('→')[1]);
    await page.screenshot({ path: `${SCREENSHOTS}region-flows.png`, fullPage: true });
    // Picking Sichuan leaves its flows full and fades the others.
    await page.locator('g[data-code="510000"]').click();
    expect(await arrow.getAttribute('stroke-opacity')).toBe('0.85');
    expect(await seriousViolations(page)).toEqual([]);
    // From the list: the root cause opens.
    await item.getByRole('button', { name: '天津滨港航空电子元器件有限公司' }).click();
    await expect.poll(() => page.getByTestId('readiness').textContent()).toBeTruthy();
    // In English, the same flow with the words switched.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: /Region/ }).click();
    await expect.poll(() => page.getByTestId('blocking-flows').locator('li[data-from="120000"][data-to="510000"]').textContent(), { timeout: 30_000 }).toMatch(/ → .*: \d+ plants cannot restart, [\d,]+ workers idled/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
