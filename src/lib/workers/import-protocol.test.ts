// Table tests of the import worker's handler: a file sent as bytes and the same file sent as a
// File (read in the worker) give the same outcome, and a file that cannot be read is a failure.
import { describe, expect, it } from 'vitest';
import { readImport } from './import-protocol';

const CSV = 'question,answer\nWhat is 2+2?,4\nName a colour.,blue\n';
const bytesOf = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;

/** A Blob whose bytes can no longer be read (the file was moved or deleted after choosing it). */
class GoneBlob extends Blob {
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.reject(new Error('NotReadableError: the file changed'));
  }
}

describe('readImport', () => {
  it.each<[string, () => ArrayBuffer | Blob]>([
    ['bytes', () => bytesOf(CSV)],
    ['a File', () => new Blob([CSV])],
  ])('reads a file sent as %s', async (_name, bytes) => {
    const outcome = await readImport({ fileName: 'qa.csv', bytes: bytes(), options: {} });
    expect(outcome.error).toBeNull();
    expect(outcome.columns?.columns).toEqual(['question', 'answer']);
  });

  it('turns a file that cannot be read into a failure naming it', async () => {
    const outcome = await readImport({
      fileName: 'qa.csv',
      bytes: new GoneBlob([CSV]),
      options: {},
    });
    expect(outcome).toMatchObject({ columns: null, result: null });
    expect(outcome.error).toEqual({
      message: 'qa.csv: the file could not be read (NotReadableError: the file changed).',
      fileName: 'qa.csv',
      code: 'internal',
    });
  });
});
