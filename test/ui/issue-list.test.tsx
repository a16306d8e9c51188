/** @jest-environment jsdom */
// A tie with many candidates (seed 003's total: twelve hamlets, any one of
// which may be 100 too low): the first few are listed, and one click lists
// them all without jumping to the issue's cell.
import './stubs';
import * as React from 'react';
import * as fs from 'fs';
import * as path from 'path';
import { fireEvent, render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { GROUPS_STEP, IssueList } from '../../src/ui/components/IssueList';
import type { Issue } from '../../src/core/report';
import { checkWorkbook } from '../../src/core/engine';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';

test("seed 003's tie: six candidates, then all twelve on request; the click does not select the issue", async () => {
  const wb = await readXlsxBuffer(fs.readFileSync(path.join(__dirname, '..', '..', 'samples', '003-thinh-duc.xlsx')));
  const issue = checkWorkbook(wb).issues.find((i) => i.cell === 'C18')!;
  expect(issue.alternatives).toHaveLength(12);
  // Each candidate names its hamlet (the cell's row label), as the list shows it.
  expect(issue.alternatives!.every((a) => a.unit && a.unit.length > 0)).toBe(true);
  const onSelect = jest.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <IssueList issues={[issue]} lang="vi" selected={null} onSelect={onSelect} />
    </FluentProvider>,
  );
  const cells = () => (screen.getByTestId('issue-alternatives').textContent ?? '').match(/C\d+ \([^)]+\) = /g) ?? [];
  expect(cells()).toHaveLength(6);
  expect(screen.getByTestId('issue-alternatives').textContent).toContain('; …');
  fireEvent.click(screen.getByTestId('alternatives-more'));
  expect(cells()).toHaveLength(12);
  const c17 = issue.alternatives!.find((a) => a.cell === 'C17')!;
  expect(screen.getByTestId('issue-alternatives').textContent).toContain(`C17 (${c17.unit}) = `);
  expect(screen.queryByTestId('alternatives-more')).toBeNull();
  expect(onSelect).not.toHaveBeenCalled();
});

test('a long list is drawn a hundred rows at a time: "Hiện thêm" draws the next hundred, notes come after the last issue row', () => {
  const issue = (row: number, severity: Issue['severity']): Issue => ({
    sheet: 'Xã',
    cell: `C${row}`,
    rule: severity === 'info' ? 'note-rule' : 'sum-mismatch',
    severity,
    message: `dòng ${row}`,
  }) as Issue;
  const issues = [...Array.from({ length: 230 }, (_, i) => issue(i + 1, 'error')), ...Array.from({ length: 5 }, (_, i) => issue(i + 500, 'info'))];
  render(
    <FluentProvider theme={webLightTheme}>
      <IssueList issues={issues} lang="vi" selected={null} onSelect={() => undefined} />
    </FluentProvider>,
  );
  const rows = () => screen.getAllByTestId('issue-group').map((g) => Number(g.dataset.row));
  expect(rows()).toEqual(Array.from({ length: GROUPS_STEP }, (_, i) => i + 1));
  expect(screen.getByTestId('issues-more').textContent).toBe('Hiện thêm (còn 135 dòng)');
  fireEvent.click(screen.getByTestId('issues-more'));
  expect(rows()).toHaveLength(2 * GROUPS_STEP);
  expect(screen.queryAllByTestId('issue').filter((el) => el.dataset.severity === 'info')).toEqual([]);
  fireEvent.click(screen.getByTestId('issues-more'));
  // Everything now: the 230 issue rows, then the five notes under their own title.
  expect(rows()).toEqual([...Array.from({ length: 230 }, (_, i) => i + 1), 500, 501, 502, 503, 504]);
  expect(screen.getAllByRole('heading').map((h) => h.textContent)).toEqual(['Các vấn đề', 'Ghi chú']);
  expect(screen.queryByTestId('issues-more')).toBeNull();
});
