import { describe, expect, it } from 'vitest';
import { csvField, csvFilename, toCsv } from '../../../entrypoints/popup/csv';

describe('csv', () => {
  it('quotes every field and doubles quotes', () => {
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField(null)).toBe('""');
    expect(csvField(3)).toBe('"3"');
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('neutralises a formula start: %j', (value) => {
    expect(csvField(value)).toBe(`"'${value}"`);
  });

  it('keeps newlines inside quoted fields and ends rows with CRLF, with a BOM', () => {
    expect(toCsv([['a', 'b\nc'], ['d', '']])).toBe('\uFEFF"a","b\nc"\r\n"d",""\r\n');
  });

  it('names files by the day', () => {
    expect(csvFilename('jobs', Date.parse('2025-06-15T23:00:00Z'))).toBe('jobs-2025-06-15.csv');
  });
});
