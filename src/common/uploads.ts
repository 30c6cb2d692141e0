import type { MultipartFile } from '@fastify/multipart';

/** A file posted from an HTML form (multipart/form-data), read whole into memory. */
export class UploadedFile {
  constructor(
    readonly filename: string,
    readonly mimetype: string,
    /** The file as UTF-8 text; empty when it was too large or not text. */
    readonly text: string,
    /** Longer than the upload limit: busboy cut it off, so its text is not kept. */
    readonly tooLarge: boolean,
    /** Holds a NUL byte: a binary file (a spreadsheet, an image), never CSV text. */
    readonly binary: boolean,
  ) {}

  /** A file input left empty still posts a part: no name, no bytes. */
  get chosen(): boolean {
    return this.filename !== '' || this.text !== '' || this.tooLarge || this.binary;
  }
}

/**
 * @fastify/multipart's onFile: keeps the file in the form's body as an UploadedFile. An
 * oversized file is marked, not thrown, so that the page can say so beside its field.
 */
export async function readUpload(part: MultipartFile): Promise<void> {
  const content = await part.toBuffer();
  const tooLarge = part.file.truncated;
  const binary = !tooLarge && content.includes(0);
  const text = tooLarge || binary ? '' : content.toString('utf8');
  (part as unknown as { value: UploadedFile }).value = new UploadedFile(part.filename, part.mimetype, text, tooLarge, binary);
}
