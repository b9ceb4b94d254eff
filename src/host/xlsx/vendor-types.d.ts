// unzipper ships no types; this is the part of its API the streamed reader uses (unzipper 0.10).
declare module "unzipper" {
  import type { Readable } from "node:stream";

  export interface CentralDirectoryFile {
    path: string;
    type: "File" | "Directory";
    /** The entry's bytes, decompressed (zlib) as they are read. */
    stream(): Readable;
  }

  export interface CentralDirectory {
    files: CentralDirectoryFile[];
  }

  export const Open: {
    buffer(data: Buffer): Promise<CentralDirectory>;
  };
}
