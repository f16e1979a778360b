/**
 * The prover worker's registry of statement kinds: for each name a manifest can give
 * (`manifest.statement`), how to read its circuit and compute its witness. The model statement is
 * loaded with the worker; the others are imported on first use, so a model-only app does not load
 * them. Adding a statement = one entry here and one in `StatementTypes` (`src/runtime/statements.ts`).
 */
import type { StatementKind } from '../../compile/manifest.js'
import { StatementMismatchError } from '../../errors/statement.js'
import { modelStatement } from '../../prove/modelStatement.js'
import type { StatementDefinition } from '../../prove/statementDefinition.js'
import type { StatementTypes } from '../statements.js'

/** The definition of statement `K`, with its input and output types. */
export type StatementOf<K extends StatementKind> = StatementDefinition<unknown, StatementTypes[K]['input'], StatementTypes[K]['output']>

const REGISTRY: { [K in StatementKind]: () => Promise<StatementOf<K>> } = {
  model: async () => modelStatement as StatementOf<'model'>,
  identity: async () => (await import('../../identity/witness.js')).identityStatement as StatementOf<'identity'>,
}

/**
 * The definition of a statement kind.
 * @throws {StatementMismatchError} When `kind` names no known statement.
 */
export async function loadStatement<K extends StatementKind>(kind: K): Promise<StatementOf<K>> {
  const entry = Object.hasOwn(REGISTRY, kind) ? REGISTRY[kind] : undefined
  if (!entry) throw new StatementMismatchError({ expected: Object.keys(REGISTRY).join(' or '), actual: String(kind) })
  return entry()
}
