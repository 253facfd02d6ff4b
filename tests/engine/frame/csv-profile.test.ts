// The streamed CSV profile gives what profileFrame(parseCsv(text)) gives, and the same errors, whatever the chunk
// size (down to one character, so every cut falls inside quotes, escapes, CRLFs and numbers somewhere); it gives
// null (whole-text fallback) only where it must.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/engine/frame/csv.js';
import { profileCsvChunks } from '../../../src/engine/frame/csv-profile.js';
import { profileFrame } from '../../../src/engine/frame/profile.js';
import type { DatasetProfile } from '../../../src/engine/types.js';

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

function whole(text: string): Omit<DatasetProfile, 'sha256'> {
  const { sha256: _, ...rest } = profileFrame(parseCsv(text));
  return rest;
}

async function streamed(text: string, size: number): Promise<Omit<DatasetProfile, 'sha256'> | null> {
  const p = await profileCsvChunks(chunked(text, size));
  if (!p) return null;
  const { sha256: _, ...rest } = p;
  return rest;
}

const SIZES = [1, 2, 3, 7, 64, 1 << 20];

const day = (i: number): string => `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
const CASES: Record<string, string> = {
  simple: 'a,b,c\n1,x,2.5\n2,y,-3e2\n',
  crlfBomNoFinalNewline: '\ufeffa,b\r\n1,x\r\n\r\n2,y\r\n3,z',
  quoted: 'name,note,n\n"Smith, J","said ""hi""\nthen left",1\n"O\'Neil","",2\nplain,"multi\r\nline\r\n",3\n',
  lateCategorical: ['v,w', ...Array.from({ length: 200 }, (_, i) => `${i % 17}.50,${i}`), 'oops,201', '1.5,NA'].join('\n'),
  missingTokens: 'x,y,target\nNA,,1\n1,n/a,0\n,NaN,1\n2,b,null\n',
  dates: ['when,what,target', ...Array.from({ length: 120 }, (_, i) => `${day(i)},${i % 5 === 0 ? '' : `w${i % 9}`},${i % 2}`)].join('\n'),
  text: ['review,target', ...Array.from({ length: 40 }, (_, i) => `"this is a fairly long free text review number ${i} with words",${i % 2}`)].join('\n'),
  negativeZero: 'z,t\n-0,1\n0,0\n0.0,1\n',
};

describe('profileCsvChunks', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: the same profile as parsing the whole text, at every chunk size`, async () => {
      const expected = whole(text);
      for (const size of SIZES) expect(await streamed(text, size), `chunks of ${size}`).toEqual(expected);
    });
  }

  const BAD: Record<string, string> = {
    ragged: 'a,b\n1,2\n3,4,5\n',
    short: 'a,b\n1,2\n"x\ny"\n',
    unclosed: 'a,b\n1,"2\n3,4\n',
    afterQuote: 'a,b\n1,"2"x\n',
    empty: '\n\n',
    headerOnly: 'a,b\n',
    duplicate: 'a,a\n1,2\n',
    allMissing: 'a,b\n1,\n2,NA\n',
  };
  for (const [name, text] of Object.entries(BAD)) {
    it(`${name}: the same error as parseCsv, at every chunk size`, async () => {
      let expected: unknown;
      try {
        parseCsv(text);
      } catch (e) {
        expected = e;
      }
      expect(expected).toBeInstanceOf(Error);
      for (const size of SIZES) {
        const got = await profileCsvChunks(chunked(text, size)).then(
          () => null,
          (e: unknown) => e,
        );
        expect(got, `chunks of ${size}`).toMatchObject({ code: (expected as { code: string }).code, message: (expected as Error).message });
      }
    });
  }

  it('refuses more rows than the limit, as parseCsv does', async () => {
    const text = `a\n${'1\n'.repeat(11)}`;
    await expect(profileCsvChunks(chunked(text, 5), { maxRows: 10 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('answers null (profile the whole text) when a column of over 100,000 distinct numbers turns categorical', async () => {
    const lines = ['v', ...Array.from({ length: 100_002 }, (_, i) => String(i)), 'word'];
    expect(await profileCsvChunks(chunked(lines.join('\n'), 1 << 16))).toBeNull();
    // Still numeric to the end: streamed.
    const numeric = lines.slice(0, -1).join('\n');
    expect(await streamed(numeric, 1 << 16)).toEqual(whole(numeric));
  });
});
