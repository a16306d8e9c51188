/** @jest-environment jsdom */
// The roles panel puts the columns PovCheck is unsure of first, says what they
// could be, and opens their table; a sure table stays collapsed.
import './stubs';
import * as React from 'react';
import { render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { TablesPanel, columnsForReview, isUncertain } from '../../src/ui/components/TablesPanel';
import type { ColumnReport, Report } from '../../src/core/report';

const col = (column: string, role: string, extra: Partial<ColumnReport> = {}): ColumnReport => ({ column, role, header: `Cột ${column}`, confidence: 0.98, ...extra });

const report = (columns: ColumnReport[]): Report => ({
  file: 'x.xlsx',
  sheets: [{ name: 'Xã', tables: [{ range: 'A1:E9', columns, headerRows: [1, 2], rows: { units: 5, groups: 0, totals: 1 } }] }],
  issues: [],
});

test('uncertain: candidates, an unknown column with a header, or low confidence; not an empty unknown column', () => {
  expect(isUncertain(col('C', 'unknown', { candidates: ['poor.exit', 'nearPoor.exit'], confidence: 0 }))).toBe(true);
  expect(isUncertain(col('D', 'unknown', { confidence: 0 }))).toBe(true);
  expect(isUncertain(col('E', 'unknown', { header: '  ', confidence: 0 }))).toBe(false);
  expect(isUncertain(col('F', 'poor.start', { confidence: 0.6 }))).toBe(true);
  expect(isUncertain(col('G', 'poor.start'))).toBe(false);
  expect(columnsForReview([col('A', 'ordinal'), col('B', 'poor.end', { confidence: 0.6 }), col('C', 'households'), col('D', 'unknown', { confidence: 0 })]).map((c) => c.column)).toEqual(['B', 'D', 'A', 'C']);
});

test('the panel lists the uncertain column first with its candidates, its table open', () => {
  const columns = [col('A', 'ordinal'), col('B', 'unit'), col('C', 'households'), col('D', 'unknown', { confidence: 0, candidates: ['poor.exit', 'nearPoor.exit'] })];
  render(
    <FluentProvider theme={webLightTheme}>
      <TablesPanel report={report(columns)} overrides={{}} lang="vi" onRoleChange={() => undefined} />
    </FluentProvider>,
  );
  const items = screen.getAllByTestId('table-column');
  expect(items.map((i) => i.getAttribute('data-column'))).toEqual(['D', 'A', 'B', 'C']);
  expect(items[0].getAttribute('data-uncertain')).toBe('true');
  const unsure = within(items[0]).getByTestId('column-unsure');
  expect(unsure.textContent).toMatch(/^Chưa chắc: có thể là .+ \/ .+\.$/);
  expect(screen.getAllByTestId('column-unsure')).toHaveLength(1);
});

test('a table whose columns are all sure stays collapsed', () => {
  render(
    <FluentProvider theme={webLightTheme}>
      <TablesPanel report={report([col('A', 'ordinal'), col('B', 'unit'), col('C', 'households')])} overrides={{}} lang="en" onRoleChange={() => undefined} />
    </FluentProvider>,
  );
  expect(screen.queryAllByTestId('table-column')).toHaveLength(0);
});
