/**
 * The transformer example's task and sizes (`mainTransformer.ts` trains it; the e2e test and the
 * bench measure accuracy on its held-out split): "is the sequence sorted" (`sorted.ts`), 10 tokens
 * from a vocabulary of 8, one-hot; d = 16, 2 heads, feed-forward 32, 2 classes.
 */
import { sortedData, type SequenceData } from './sorted.js'
import type { TransformerConfig } from './transformer.js'

/** The example's name (file stem under `models/`). */
export const TRANSFORMER_MODEL = 'transformer_sorted'
/** The example's sizes. */
export const TRANSFORMER_CONFIG: TransformerConfig = { seq: 10, vocab: 8, d: 16, heads: 2, ff: 32, classes: 2 }
/** The data splits: training and held-out sequences, by generator seed. */
export const SPLITS = { train: { count: 4000, seed: 1 }, heldOut: { count: 1000, seed: 2 } } as const

/** The held-out split (1,000 sequences, data seed 2). */
export const heldOutData = (): SequenceData => sortedData({ ...SPLITS.heldOut, seq: TRANSFORMER_CONFIG.seq, vocab: TRANSFORMER_CONFIG.vocab })
