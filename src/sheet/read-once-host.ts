import type { CellGrid } from "./cells";
import type { SheetHost } from "./sheet-host";

/**
 * A SheetHost that reads each address once: several steps describing the same table (types,
 * samples, distinct values) share one read of a possibly 100,000-row range.
 */
export function readOnce(host: SheetHost): SheetHost {
  const reads = new Map<string, Promise<CellGrid>>();
  return {
    listSheets: () => host.listSheets(),
    usedRange: (sheet) => host.usedRange(sheet),
    readRange(address) {
      let read = reads.get(address);
      if (!read) reads.set(address, (read = host.readRange(address)));
      return read;
    },
  };
}
