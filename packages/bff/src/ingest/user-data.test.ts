// The BFF's UserData on ESS calls and back in callbacks: the exact encoding (ESS stores it verbatim,
// docs/internals.md) and a reading that takes only what is the BFF's and never throws.
import { describe, expect, it } from 'vitest';
import { parseEssKitUserData, qrUserData } from './user-data.js';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('qrUserData', () => {
  it('is base64 of {"essKit":{"qr":link}}, with the partner part beside it when given', () => {
    expect(qrUserData('yDlink')).toBe(base64('{"essKit":{"qr":"yDlink"}}'));
    expect(qrUserData('yDlink', 'their-data')).toBe(
      base64('{"essKit":{"qr":"yDlink"},"partner":"their-data"}'),
    );
    expect(qrUserData('yDlink', '')).toBe(base64('{"essKit":{"qr":"yDlink"},"partner":""}'));
  });
});

describe('parseEssKitUserData', () => {
  it('reads the link back', () => {
    expect(parseEssKitUserData(qrUserData('yDlink'))).toEqual({ qr: 'yDlink' });
    expect(parseEssKitUserData(qrUserData('yDlink', 'p'))).toEqual({ qr: 'yDlink' });
    expect(parseEssKitUserData(base64('{"essKit":{"qr":"a","other":1},"x":2}'))).toEqual({ qr: 'a' });
    // UTF-8 both ways (a partner's part or a link may hold any text).
    expect(parseEssKitUserData(qrUserData('签署-ü', '合同'))).toEqual({ qr: '签署-ü' });
  });

  it('is null when there is no UserData or it is not the BFF’s', () => {
    for (const value of [undefined, null, '', '%%%not base64%%%', base64('not json'), base64('null')])
      expect(parseEssKitUserData(value), String(value)).toBeNull();
    for (const json of [
      '{}',
      '{"partner":"x"}',
      '{"essKit":null}',
      '{"essKit":"yDlink"}',
      '{"essKit":7}',
      '[1]',
    ])
      expect(parseEssKitUserData(base64(json)), json).toBeNull();
  });

  it('is empty (ours, but no usable link) for a missing, empty, non-text or overlong link', () => {
    for (const json of [
      '{"essKit":{}}',
      '{"essKit":{"qr":""}}',
      '{"essKit":{"qr":7}}',
      '{"essKit":{"qr":["a"]}}',
      `{"essKit":{"qr":"${'x'.repeat(129)}"}}`,
    ])
      expect(parseEssKitUserData(base64(json)), json).toEqual({});
    const longest = 'y'.repeat(128);
    expect(parseEssKitUserData(base64(`{"essKit":{"qr":"${longest}"}}`))).toEqual({ qr: longest });
    expect(parseEssKitUserData(base64('{"essKit":{"qr":"z"}}'))).toEqual({ qr: 'z' });
  });
});
