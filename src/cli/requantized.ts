/**
 * The `zkml info` / `zkml compile` lines for the requantizations the quantizer inserted to keep the
 * integer executor exact (`manifest.quantization.requantized`, see `src/quantize/executorRange.ts`).
 */
import type { Manifest } from '../compile/manifest.js'
import { EXECUTOR_BITS } from '../ir/interval.js'

/** One line per inserted requantization (none for most models). */
export function requantizedLines(m: Manifest): string[] {
  return (m.quantization.requantized ?? []).map(
    (r) => `requantized ${r.tensor} by ${r.shift} bits before ${r.node} (${r.opType}): the integer executor would handle ${r.bits}-bit values (limit ${EXECUTOR_BITS}), now ${r.bitsAfter}`,
  )
}
