/**
 * The explorer's import and export page in a real browser on the seed: an
 * ADMIN downloads Qingyang's part, uploads it back and sees the counts
 * written (the same data: nothing changes); a file with a problem is
 * answered with its file, row and column and nothing written; a viewer
 * gets the export button and no import form.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/neo4j/database.ts';
import { connectTestDatabase } from '../support/graph.ts';
import { launchChromium, openPage, seriousViolations, startSeedServer, type SeedServer } from '../support/browser.ts';

let server: SeedServer;
let browser: Browser;
let db: Database;
const dir = mkdtempSync(join(tmpdir(), 'fugong-data-page-'));

beforeAll(async () => {
  server = await startSeedServer({ today: '2020-02-10' });
  browser = await launchChromium();
  db = connectTestDatabase();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function session(userName: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', acceptDownloads: true });
  const { page, errors } = await openPage(context, server.url);
  await page.getByRole('button', { name: `以 ${userName} 登录` }).click();
  await page.getByTestId('signed-in').waitFor();
  await page.getByRole('tab', { name: '数据导入导出' }).click();
  return { context, page, errors };
}

async function enterprises(): Promise<number> {
  const result = await db.query<{ n: number }>({ operation: 'test' }, 'MATCH (e:Enterprise) RETURN count(e) AS n');
  return result.records[0]!.get('n');
}

describe('the import and export page', () => {
  it("lets an ADMIN download Qingyang's part and upload it back, and shows a file's problems by row", async () => {
    const before = await enterprises();
    const { context, page, errors } = await session('系统管理员（示例用户）');
    await page.getByLabel('某一地区').check();
    await page.getByLabel('地区代码').fill('510105');
    await page.getByLabel('格式').selectOption('json');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载' }).click()]);
    expect(download.suggestedFilename()).toBe('fugong-region-510105.json');
    const exported = join(dir, download.suggestedFilename());
    await download.saveAs(exported);

    await page.getByLabel('选择文件').setInputFiles(exported);
    await page.getByRole('button', { name: '检查并导入' }).click();
    const counts = page.getByTestId('import-counts');
    await counts.waitFor({ timeout: 60_000 });
    expect(await counts.textContent()).toMatch(/导入完成.*enterprises：\d+ 条/);
    expect(await enterprises()).toBe(before);

    const bad = join(dir, '补充企业.ndjson');
    writeFileSync(
      bad,
      [
        { kind: 'regions', code: '510000', name: '四川省', level: 'PROVINCE', parent: null },
        { kind: 'regions', code: '510100', name: '成都市', level: 'CITY', parent: '510000' },
        { kind: 'regions', code: '510105', name: '青羊区', level: 'DISTRICT', parent: '510100' },
        { kind: 'enterprises', id: 'ent-new-a', name: '新建零件厂', region: '510105', status: 'HALTED' },
      ]
        .map((record) => `${JSON.stringify(record)}\n`)
        .join(''),
    );
    await page.getByLabel('选择文件').setInputFiles(bad);
    await page.getByRole('button', { name: '检查并导入' }).click();
    const problems = page.getByTestId('import-problems');
    await problems.waitFor({ timeout: 60_000 });
    expect(await problems.textContent()).toContain('发现 1 个问题，未写入任何数据');
    expect(await problems.locator('li').allTextContents()).toEqual([expect.stringMatching(/^补充企业\.ndjson:4: status: .*HALTED/)]);
    expect(await enterprises()).toBe(before);
    expect(await seriousViolations(page)).toEqual([]);
    // The browser logs the refusal's 422 itself; nothing else went wrong on the page.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 422 ()']);
    await context.close();
  });

  it('gives a VIEWER the export and no import form', async () => {
    const { context, page, errors } = await session('青羊区新经济和科技局查看员（示例用户）');
    await page.getByRole('heading', { name: '导出数据' }).waitFor();
    expect(await page.getByRole('heading', { name: '导入数据（仅管理员）' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
