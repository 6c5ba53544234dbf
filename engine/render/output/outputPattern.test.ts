import { describe, expect, it } from 'vitest';
import { calibrationPattern, CONTENT, namedPattern } from './outputPattern.ts';

describe('output patterns', () => {
  it('a name is drawn through the calibration unless raw; the calibration protocol asks for raw pixels', () => {
    expect(namedPattern('content')).toBe(CONTENT);
    expect(namedPattern('white')).toEqual({ type: 'pattern', name: 'white', raw: false });
    expect(namedPattern('grid', true)).toEqual({ type: 'pattern', name: 'grid', raw: true });
    expect(calibrationPattern('content')).toBe(CONTENT);
    expect(calibrationPattern('black')).toEqual({ type: 'pattern', name: 'black', raw: true });
    expect(calibrationPattern({ grayCode: { axis: 'y', bit: 3, inverse: true } })).toEqual({ type: 'grayCode', frame: { axis: 'y', bit: 3, inverse: true } });
  });
});
