/** Users in the canonical dataset: shape, references, and the seed's users. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USER_ROLES } from '../../src/dataset/format.ts';
import { validateDataset } from '../../src/dataset/validate.ts';
import { ROLES } from '../../src/modules/shared/user.ts';

function doc(users: unknown[]) {
  return {
    regions: [
      { code: '510000', name: '四川省', level: 'PROVINCE' },
      { code: '510100', name: '成都市', level: 'CITY', parent: '510000' },
    ],
    agencies: [
      { id: 'agency-sichuan', name: '四川省经济和信息化厅', region: '510000' },
      { id: 'agency-chengdu', name: '成都市经济和信息化局', region: '510100' },
    ],
    users,
  };
}

describe('users in a dataset', () => {
  it('are normalised beside the graph arrays, and absent means none', () => {
    const result = validateDataset(doc([{ id: 'u1', name: '张三', agency: 'agency-chengdu', role: 'COORDINATOR' }]));
    expect(result.ok && result.dataset.users).toEqual([{ id: 'u1', name: '张三', agency: 'agency-chengdu', role: 'COORDINATOR' }]);
    const none = validateDataset({ regions: [{ code: '510000', name: '四川省', level: 'PROVINCE' }] });
    expect(none.ok && none.dataset.users).toEqual([]);
  });

  it('report an unknown agency, a repeated id and a role that does not exist, each at its path, after the graph arrays', () => {
    const result = validateDataset({
      ...doc([
        { id: 'u1', name: '张三', agency: 'agency-chengdu', role: 'COORDINATOR' },
        { id: 'u2', name: '李四', agency: 'agency-nowhere', role: 'VIEWER' },
        { id: 'u1', name: '王五', agency: 'agency-sichuan', role: 'ADMIN' },
        { id: 'u3', name: '赵六', agency: 'agency-nowhere', role: 'SUPERUSER' },
        { id: 'u4', name: '', agency: 'agency-sichuan', role: 'VIEWER', extra: 1 },
      ]),
      enterprises: [{ id: 'e1', name: '厂', region: '510999', status: 'OPERATING' }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual([
      'enterprises[0].region',
      'users[1].agency',
      'users[2].id',
      'users[3].role',
      'users[3].agency',
      'users[4].name',
      'users[4].extra',
    ]);
    expect(result.problems.find((p) => p.path === 'users[1].agency')?.message).toBe('unknown agency "agency-nowhere"; add it to agencies or correct the id');
    expect(result.problems.find((p) => p.path === 'users[2].id')?.message).toContain('duplicate user id "u1": users[0] already has it');
    expect(result.problems.find((p) => p.path === 'users[3].role')?.message).toContain('"VIEWER", "COORDINATOR", "ADMIN"');
  });

  it('use the roles tokens carry', () => {
    expect([...USER_ROLES]).toEqual([...ROLES]);
  });

  it('of the seed: a coordinator and a viewer for the Qingyang, Chengdu and Tianjin bureaus, and an admin', () => {
    const result = validateDataset(JSON.parse(readFileSync(new URL('../../seeds/qingyang-2020.json', import.meta.url), 'utf8')));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const roles = result.dataset.users.map((u) => `${u.agency} ${u.role}`).sort();
    expect(roles).toEqual(
      [
        'agency-qingyang COORDINATOR',
        'agency-qingyang VIEWER',
        'agency-chengdu COORDINATOR',
        'agency-chengdu VIEWER',
        'agency-tianjin COORDINATOR',
        'agency-tianjin VIEWER',
        'agency-sichuan ADMIN',
      ].sort(),
    );
  });
});
