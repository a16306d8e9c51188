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
import { IssueList } from '../../src/ui/components/IssueList';
import { checkWorkbook } from '../../src/core/engine';
import { readXlsxBuffer } from '../../src/hosts/xlsx/read';

test("seed 003's tie: six candidates, then all twelve on request; the click does not select the issue", async () => {
  const wb = await readXlsxBuffer(fs.readFileSync(path.join(__dirname, '..', '..', 'samples', '003-thinh-duc.xlsx')));
  const issue = checkWorkbook(wb).issues.find((i) => i.cell === 'C18')!;
  expect(issue.alternatives).toHaveLength(12);
  const onSelect = jest.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <IssueList issues={[issue]} lang="vi" selected={null} onSelect={onSelect} />
    </FluentProvider>,
  );
  const cells = () => (screen.getByTestId('issue-alternatives').textContent ?? '').match(/C\d+ = /g) ?? [];
  expect(cells()).toHaveLength(6);
  expect(screen.getByTestId('issue-alternatives').textContent).toContain('; …');
  fireEvent.click(screen.getByTestId('alternatives-more'));
  expect(cells()).toHaveLength(12);
  expect(screen.getByTestId('issue-alternatives').textContent).toContain('C17 = ');
  expect(screen.queryByTestId('alternatives-more')).toBeNull();
  expect(onSelect).not.toHaveBeenCalled();
});
