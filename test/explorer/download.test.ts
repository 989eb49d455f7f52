/** CSV as spreadsheet software reads it: a BOM first, quoted where a cell needs it, CRLF rows. */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/explorer/download.ts';

describe('toCsv', () => {
  it('starts with a BOM and quotes commas, quotes and line breaks', () => {
    const csv = toCsv([
      ['企业', '说明'],
      ['天津滨港航空电子元器件有限公司', '停工, 根因'],
      ['引号"厂"', '第一行\n第二行'],
    ]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('企业,说明\r\n天津滨港航空电子元器件有限公司,"停工, 根因"\r\n"引号""厂""","第一行\n第二行"\r\n');
  });
});
